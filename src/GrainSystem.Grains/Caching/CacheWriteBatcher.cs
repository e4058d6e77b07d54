using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using StackExchange.Redis;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// Group commit of the silo's write-through writes: the groups waiting at a moment go to Redis in one script call
/// (<see cref="CacheScripts.WriteBatch"/>), each group fenced by its partition's epoch inside Redis. While calls are in flight
/// the next one gathers, so Redis runs one script per many writes. A key has at most one write in flight (its partition's
/// lane), so batching never reorders a key's writes.
/// </summary>
internal sealed class CacheWriteBatcher(Func<IDatabase> database, Func<int, RedisKey> epochKeyOf, TimeProvider time)
{
    private const int MaxWrites = 256;

    // A call is also capped by its bytes, so one script call never carries 256 large values at once.
    private const long MaxBytes = 1024 * 1024;

    // Calls in flight: one gathers while others are on the wire, and the network wait of one hides behind the others.
    private const int MaxFlushers = 2;

    private readonly ConcurrentQueue<CacheWriteGroup> _groups = new();
    private int _flushers;

    /// <summary>Queues <paramref name="group"/> for the next call; its task completes with the outcome.</summary>
    public Task<CacheWriteOutcome> SendAsync(CacheWriteGroup group)
    {
        _groups.Enqueue(group);
        if (Interlocked.Increment(ref _flushers) <= MaxFlushers)
        {
            // Off the calling grain's scheduler: flushers serve the whole silo.
            _ = Task.Run(FlushAsync);
        }
        else
        {
            // Every flusher busy: each re-checks the queue after it stops counting itself, so one takes this group.
            Interlocked.Decrement(ref _flushers);
        }

        return group.Task;
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            var batch = new List<CacheWriteGroup>();
            var (writes, bytes) = (0, 0L);
            while (writes < MaxWrites && bytes < MaxBytes && _groups.TryDequeue(out var group))
            {
                batch.Add(group);
                writes += group.Writes.Length;
                foreach (var write in group.Writes)
                {
                    bytes += write.Stored.Length;
                }
            }

            if (batch.Count > 0)
            {
                await CallAsync(batch, writes).ConfigureAwait(false);
                continue;
            }

            Interlocked.Decrement(ref _flushers);
            if (_groups.IsEmpty)
            {
                return;
            }

            if (Interlocked.Increment(ref _flushers) > MaxFlushers)
            {
                Interlocked.Decrement(ref _flushers);
                return;
            }
        }
    }

    private async Task CallAsync(List<CacheWriteGroup> batch, int writes)
    {
        var (keys, values) = Arguments(batch, writes);
        CacheWriteOutcome failure;
        try
        {
            var reply = (string?)await database().ScriptEvaluateAsync(CacheScripts.WriteBatch, keys, values).ConfigureAwait(false);
            Complete(batch, reply ?? throw new RedisException("The write script replied nil."));
            return;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            failure = OutcomeOf(ex);
        }

        foreach (var group in batch)
        {
            group.TrySetResult(failure);
        }
    }

    /// <summary>The keys and arguments of one <see cref="CacheScripts.WriteBatch"/> call for <paramref name="batch"/>.</summary>
    private (RedisKey[] Keys, RedisValue[] Values) Arguments(List<CacheWriteGroup> batch, int writes)
    {
        // One fence per partition and epoch: its epoch key is read once however many groups it guards.
        var fences = new List<(int Partition, long Epoch)>(batch.Count);
        var spec = new byte[4 * batch.Count];
        var ops = new byte[writes];
        var arguments = 5;
        for (var j = 0; j < batch.Count; j++)
        {
            var group = batch[j];
            var fence = fences.IndexOf((group.Partition, group.Epoch));
            if (fence < 0)
            {
                fence = fences.Count;
                fences.Add((group.Partition, group.Epoch));
            }

            BinaryPrimitives.WriteUInt16BigEndian(spec.AsSpan(4 * j), checked((ushort)(fence + 1)));
            BinaryPrimitives.WriteUInt16BigEndian(spec.AsSpan(4 * j + 2), checked((ushort)group.Writes.Length));
            foreach (var write in group.Writes)
            {
                arguments += ArgumentsOf(write);
            }
        }

        var keys = new RedisKey[fences.Count + writes];
        var values = new RedisValue[arguments];
        var epochs = new StringBuilder();
        for (var f = 0; f < fences.Count; f++)
        {
            keys[f] = epochKeyOf(fences[f].Partition);
            epochs.Append(f == 0 ? "" : ",").Append(fences[f].Epoch);
        }

        values[0] = fences.Count;
        values[1] = epochs.ToString();
        values[2] = spec;
        values[4] = time.GetUtcNow().ToUnixTimeMilliseconds();
        var (k, v, i) = (fences.Count, 5, 0);
        foreach (var group in batch)
        {
            foreach (var write in group.Writes)
            {
                keys[k++] = write.Key;
                ops[i++] = OperationOf(write);
                switch (write.Kind)
                {
                    case CacheStoredWriteKind.Set:
                        values[v++] = write.Stored;
                        if (write.ExpireAtMs != 0)
                        {
                            values[v++] = write.ExpireAtMs;
                        }

                        break;
                    case CacheStoredWriteKind.Touch:
                        values[v++] = write.ExpireAtMs;
                        break;
                }
            }
        }

        // Set once filled: the argument is the bytes as they are now, not a view that later writes would change.
        values[3] = ops;
        return (keys, values);
    }

    private static int ArgumentsOf(CacheStoredWrite write) => write.Kind switch
    {
        CacheStoredWriteKind.Set => write.ExpireAtMs == 0 ? 1 : 2,
        CacheStoredWriteKind.Touch => 1,
        _ => 0,
    };

    /// <summary>The write's operation byte in <see cref="CacheScripts.WriteBatch"/>: s x d t, upper case with a probe.</summary>
    private static byte OperationOf(CacheStoredWrite write)
    {
        var op = write.Kind switch
        {
            CacheStoredWriteKind.Set => write.ExpireAtMs == 0 ? (byte)'s' : (byte)'x',
            CacheStoredWriteKind.Delete => (byte)'d',
            _ => (byte)'t',
        };
        return write.Probe && write.Kind != CacheStoredWriteKind.Touch ? (byte)(op - 32) : op;
    }

    /// <summary>
    /// What a failed call means: an error reply from the server proves the script never ran (its shebang makes an
    /// out-of-memory Redis refuse it up front, and its commands cannot fail half way); after any other failure (timeout, lost
    /// connection) it may have run.
    /// </summary>
    internal static CacheWriteOutcome OutcomeOf(Exception ex) => ex is RedisServerException ? CacheWriteOutcome.Refused : CacheWriteOutcome.Unknown;

    /// <summary>Hands each group its outcome and probe answers from the reply "refused;probes".</summary>
    private static void Complete(List<CacheWriteGroup> batch, string reply)
    {
        var split = reply.IndexOf(';');
        var refused = split == 0 ? null : new HashSet<int>();
        foreach (var index in reply.AsSpan(0, split).Split(','))
        {
            if (index.End.Value > index.Start.Value)
            {
                refused!.Add(int.Parse(reply.AsSpan(0, split)[index], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var probe = split + 1;
        for (var j = 0; j < batch.Count; j++)
        {
            var group = batch[j];
            if (refused?.Contains(j + 1) == true)
            {
                group.TrySetResult(CacheWriteOutcome.Fenced);
                continue;
            }

            for (var i = 0; i < group.Writes.Length; i++)
            {
                if (group.Writes[i].Probe)
                {
                    group.SetExisted(i, reply[probe++] == '1');
                }
            }

            group.TrySetResult(CacheWriteOutcome.Applied);
        }
    }
}

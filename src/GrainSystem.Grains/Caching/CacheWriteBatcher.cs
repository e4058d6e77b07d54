using System.Collections.Concurrent;
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

    private static readonly RedisValue[] Operations = ["s", "d", "t"];
    private static readonly RedisValue[] ProbedOperations = ["S", "D", "t"];

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
        var m = batch.Count;
        var keys = new RedisKey[m + writes];
        var values = new RedisValue[2 * m + 2 + 3 * writes];
        values[0] = m;
        values[2 * m + 1] = time.GetUtcNow().ToUnixTimeMilliseconds();
        var (k, v) = (m, 2 * m + 2);
        for (var j = 0; j < m; j++)
        {
            var group = batch[j];
            keys[j] = epochKeyOf(group.Partition);
            values[1 + j] = group.Epoch;
            values[m + 1 + j] = group.Writes.Length;
            foreach (var write in group.Writes)
            {
                keys[k++] = write.Key;
                values[v++] = (write.Probe ? ProbedOperations : Operations)[(int)write.Kind];
                values[v++] = write.Stored;
                values[v++] = write.ExpireAtMs == 0 ? RedisValue.EmptyString : write.ExpireAtMs;
            }
        }

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
        var refused = new HashSet<int>();
        foreach (var index in reply.AsSpan(0, split).Split(','))
        {
            if (index.End.Value > index.Start.Value)
            {
                refused.Add(int.Parse(reply.AsSpan(0, split)[index], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var probe = split + 1;
        for (var j = 0; j < batch.Count; j++)
        {
            var group = batch[j];
            if (refused.Contains(j + 1))
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

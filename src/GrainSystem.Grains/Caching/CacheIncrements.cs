using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// Write-through increments, batched per key: the increments of a key that arrive while its lane is busy (an earlier write of
/// the key waits for Redis) gather, and once the lane is theirs they are decided in one turn, one after another in arrival
/// order, each with its own version, and sent to Redis as one group fenced by the epoch: the counter's last value and every
/// idempotency record, landing together or not at all. Each caller is answered once that group's fate is known, with its
/// own result. A key's increments thus cost one Redis round trip per batch rather than one each. Used only on the
/// activation's turns.
/// </summary>
internal sealed class CacheIncrements(CachePartition partition, CachePartitionRedis redisSide, CacheOwnership ownership)
{
    // Increments decided together and sent in one group at most; later ones form the next batch.
    private const int MaxBatch = 256;

    private static readonly CacheIncrementResult Unavailable = new() { Status = CacheIncrementStatus.Unavailable };
    private static readonly CacheIncrementResult Unknown = new() { Status = CacheIncrementStatus.OutcomeUnknown };

    // Per key, the batch still gathering: waiting for the key's lane, nothing decided yet.
    private readonly Dictionary<string, List<Pending>> _gathering = new(StringComparer.Ordinal);

    /// <summary>
    /// An increment; with <paramref name="recordId"/> at most once: a known record answers the first outcome, and a decided
    /// increment (applied, or refused for the value) stores its record together with the counter.
    /// </summary>
    public Task<CacheIncrementResult> IncrementAsync(string key, long delta, string? recordId)
    {
        var pending = new Pending(delta, recordId);
        if (_gathering.TryGetValue(key, out var batch) && batch.Count < MaxBatch)
        {
            batch.Add(pending);
            return pending.Task;
        }

        batch = [pending];
        _gathering[key] = batch;
        _ = RunAsync(key, batch);
        return pending.Task;
    }

    private async Task RunAsync(string key, List<Pending> batch)
    {
        await partition.Lanes.EnterAsync(key);
        if (_gathering.TryGetValue(key, out var gathering) && ReferenceEquals(gathering, batch))
        {
            _gathering.Remove(key);
        }

        try
        {
            await DecideAndSendAsync(key, batch);
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.TrySetException(ex);
            }
        }
        finally
        {
            partition.Lanes.Leave(key);
        }
    }

    private async Task DecideAndSendAsync(string key, List<Pending> batch)
    {
        // Records and the counter are read only once every earlier write's fate is settled: an attempt whose outcome was
        // unknown has then either landed with its record or can never land.
        if (!await ownership.ReadyForWritesAsync())
        {
            Answer(batch, Unavailable);
            return;
        }

        var found = await Task.WhenAll(batch.Select(p => p.RecordId is { } id ? redisSide.RecordAsync(id) : Task.FromResult((true, (CacheIncrementRecord?)null))));
        var open = new List<Pending>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (found[i] is not (true, var record))
            {
                batch[i].TrySetResult(Unavailable);
            }
            else if (record is { } known)
            {
                batch[i].TrySetResult(known.AnswerFor(batch[i].Delta));
            }
            else
            {
                open.Add(batch[i]);
            }
        }

        if (open.Count == 0)
        {
            return;
        }

        if (await redisSide.CurrentAsync(key) is not { } current || !await partition.ReserveForAsync(open.Count))
        {
            Answer(open, Unavailable);
            return;
        }

        // From here to the send nothing waits: the versions are taken in this turn, in the order they are applied.
        var (changed, records) = Decide(open, current);
        if (changed is null && records.Count == 0)
        {
            open.ForEach(p => p.TrySetResult(p.Result));
            return;
        }

        var outcome = await redisSide.SendIncrementsAsync(key, changed, records);
        foreach (var pending in open)
        {
            pending.TrySetResult(outcome switch
            {
                CacheWriteOutcome.Applied => pending.Result,
                CacheWriteOutcome.Unknown => Unknown,
                _ => Unavailable,
            });
        }
    }

    /// <summary>Decides every increment on top of the one before; the counter's last entry (null when none applied) and the records made.</summary>
    private (CacheEntry? Changed, List<(string Id, CacheIncrementRecord Record)> Records) Decide(List<Pending> open, CacheEntry current)
    {
        var now = partition.NowMs;
        var exists = current.Buffer is not null && !current.IsExpired(now);
        CacheEntry? changed = null;
        var records = new List<(string Id, CacheIncrementRecord Record)>();
        foreach (var pending in open)
        {
            // The same idempotency key twice in one batch (a retry racing its first attempt): the second gets the first's outcome.
            var earlier = pending.RecordId is { } id ? records.FindLast(r => r.Id == id) : default;
            if (earlier.Id is not null)
            {
                pending.Result = earlier.Record.AnswerFor(pending.Delta);
                continue;
            }

            partition.Versions.TryNext(out var version);
            var (result, entry) = CacheDecisions.Increment(pending.Delta, exists, current, version, now);
            pending.Result = result;
            if (entry.Buffer is not null)
            {
                (current, exists, changed) = (entry, true, entry);
            }

            if (pending.RecordId is { } recordId && CacheIncrementRecord.Remembers(result))
            {
                records.Add((recordId, CacheIncrementRecord.Of(pending.Delta, result, partition.RecordExpiresAtMs(now))));
            }
        }

        return (changed, records);
    }

    private static void Answer(List<Pending> batch, CacheIncrementResult result)
    {
        foreach (var pending in batch)
        {
            pending.TrySetResult(result);
        }
    }

    /// <summary>One caller's increment, answered once its batch's group landed (or could not).</summary>
    private sealed class Pending(long delta, string? recordId) : TaskCompletionSource<CacheIncrementResult>
    {
        public long Delta { get; } = delta;

        public string? RecordId { get; } = recordId;

        /// <summary>The decided answer, given once the group landed.</summary>
        public CacheIncrementResult Result { get; set; } = Unavailable;
    }
}

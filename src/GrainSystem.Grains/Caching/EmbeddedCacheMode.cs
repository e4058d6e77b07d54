using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// Embedded mode (no Redis): memory is the only copy, so every rule is applied in one synchronous turn with the version taken
/// in that same turn; versions thus apply in the order they were handed out, and an evicted entry is simply gone.
/// </summary>
internal sealed class EmbeddedCacheMode(CachePartition partition) : CacheMode(partition)
{
    private static readonly CacheBatchResult Refused = new() { Status = CacheBatchStatus.Unavailable };

    public override bool ServesFromMemory => true;

    public override ValueTask<CacheReadResult> ReadAsync(string key)
    {
        Partition.Metrics.Miss();
        return new(CacheReadResult.Miss);
    }

    public override async ValueTask<CacheWriteResult> SetAsync(string key, CacheSetRequest request)
    {
        // The version is taken in this method, and from there to the apply nothing waits: it is applied in the turn it was taken.
        long version;
        while (!Partition.Versions.TryNext(out version))
        {
            if (!await Partition.ReserveForAsync(1))
            {
                return new CacheWriteResult { Status = CacheWriteStatus.Unavailable };
            }
        }

        var now = Partition.NowMs;
        var exists = Partition.Store.TryGet(key, now, out var current);
        if (CacheDecisions.SetRefusal(request, exists, current) is { } refusal)
        {
            return refusal;
        }

        var entry = CacheDecisions.NewEntry(request, version, now);
        Partition.Apply(key, entry);
        return CacheDecisions.Written(exists, entry);
    }

    public override ValueTask<CacheDeleteResult> DeleteAsync(string key, long? expectedVersion)
    {
        var exists = Partition.Store.TryGet(key, Partition.NowMs, out var current);
        if (CacheDecisions.DeleteRefusal(expectedVersion, exists, current) is { } refusal)
        {
            return new(refusal);
        }

        Partition.Store.Remove(key);
        return new(new CacheDeleteResult { Status = CacheDeleteStatus.Deleted });
    }

    public override async ValueTask<CacheIncrementResult> IncrementAsync(string key, long delta, string? recordId)
    {
        long version;
        while (!Partition.Versions.TryNext(out version))
        {
            if (!await Partition.ReserveForAsync(1))
            {
                return new CacheIncrementResult { Status = CacheIncrementStatus.Unavailable };
            }
        }

        // From the record check to the record, nothing waits: a retry sees either no effect or the effect and its record.
        var now = Partition.NowMs;
        if (recordId is not null && Partition.Records.TryGet(recordId, now, out var record))
        {
            return record.AnswerFor(delta);
        }

        var exists = Partition.Store.TryGet(key, now, out var current);
        var (result, entry) = CacheDecisions.Increment(delta, exists, current, version, now);
        if (entry.Buffer is not null)
        {
            Partition.Apply(key, entry);
        }

        // A refusal for the value (no counter, overflow) is a first outcome too: a retry gets it again.
        if (recordId is not null && CacheIncrementRecord.Remembers(result))
        {
            Partition.Records.Put(recordId, CacheIncrementRecord.Of(delta, result, Partition.RecordExpiresAtMs(now)));
        }

        return result;
    }

    public override async ValueTask<CacheBatchResult> ExecuteAsync(CacheBatch batch)
    {
        if (!await Partition.ReserveForAsync(batch.Operations.Length))
        {
            return Refused;
        }

        var (result, run) = Run(batch);
        if (result.Status == CacheBatchStatus.Executed)
        {
            // All at once for co-hosted reads too, as for the partition's own turns.
            using (Partition.Store.Hold())
            {
                foreach (var (key, entry) in run.Changes)
                {
                    Partition.Apply(key, entry);
                }
            }
        }

        return result;
    }
}

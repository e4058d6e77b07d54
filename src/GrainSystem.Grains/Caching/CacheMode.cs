using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// How a partition stores what it decides: in memory alone (<see cref="EmbeddedCacheMode"/>) or, with write-through, in Redis
/// before memory (<see cref="WriteThroughCacheMode"/>). The partition's grain answers reads from memory itself while
/// <see cref="ServesFromMemory"/> holds, and hands everything else to its mode.
/// </summary>
internal abstract class CacheMode(CachePartition partition)
{
    protected CachePartition Partition { get; } = partition;

    /// <summary>Whether a read may be answered from memory right now.</summary>
    public abstract bool ServesFromMemory { get; }

    /// <summary>A read that memory alone could not answer (the key is not in memory, or memory may not serve now).</summary>
    public abstract ValueTask<CacheReadResult> ReadAsync(string key);

    public abstract ValueTask<CacheWriteResult> SetAsync(string key, CacheSetRequest request);

    public abstract ValueTask<CacheDeleteResult> DeleteAsync(string key, long? expectedVersion);

    /// <summary>
    /// An increment; with <paramref name="recordId"/> (<see cref="CacheIncrementRecord.IdOf"/>) at most once: a known record
    /// answers the first outcome, and an applied increment stores its record together with the counter.
    /// </summary>
    public abstract ValueTask<CacheIncrementResult> IncrementAsync(string key, long delta, string? recordId);

    public abstract ValueTask<CacheBatchResult> ExecuteAsync(CacheBatch batch);

    /// <summary>An access to a live entry: slides its window (and its place in the LRU order).</summary>
    public virtual void Touch(string key, CacheEntry entry, long nowMs) => entry.LastTouchMs = nowMs;

    /// <summary>A hit: the entry touched and its value copied out for the caller.</summary>
    public CacheReadResult Hit(string key, CacheEntry entry, long nowMs)
    {
        Touch(key, entry, nowMs);
        Partition.Metrics.Hit();
        return HitResult(entry);
    }

    /// <summary>What a hit on <paramref name="entry"/> answers: its value copied out, its type, version and deadline.</summary>
    public static CacheReadResult HitResult(CacheEntry entry)
    {
        var deadline = entry.DeadlineMs;
        return new CacheReadResult
        {
            Status = CacheReadStatus.Hit,
            Value = entry.Value.ToArray(),
            ContentType = entry.ContentType,
            Version = entry.Version,
            ExpiresAt = deadline == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(deadline),
        };
    }

    /// <summary>
    /// Runs <paramref name="batch"/> in this turn against memory, and <paramref name="loaded"/> for keys memory lacks: the
    /// watches first, then every operation in order. The caller reserved a version per operation.
    /// </summary>
    protected (CacheBatchResult Result, CacheBatchRun Run) Run(CacheBatch batch, IReadOnlyDictionary<string, CacheEntry>? loaded = null)
    {
        var now = Partition.NowMs;
        var run = new CacheBatchRun(Partition.Store, Partition.Versions, now, Partition.Options.MaxValueBytes, (key, entry) => Touch(key, entry, now), loaded);
        if (!run.WatchesHold(batch.Watches))
        {
            return (new CacheBatchResult { Status = CacheBatchStatus.Aborted }, run);
        }

        var results = new CacheOperationResult[batch.Operations.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = run.Run(batch.Operations[i]);
        }

        return (new CacheBatchResult { Status = CacheBatchStatus.Executed, Results = results }, run);
    }
}

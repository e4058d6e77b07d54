using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Client.Caching;

/// <summary>
/// The cache for code that is an Orleans client or co-hosts a silo (and for the HTTP API). Every call goes to the
/// partition that owns the key, where all operations on one key are decided one at a time, so each key is
/// linearizable. Expected outcomes (miss, precondition failed, storage unavailable…) are the results' statuses.
/// </summary>
public interface ICacheClient
{
    /// <summary>How keys map to partitions (the same as the silos', from <c>Cache:Partitions</c>).</summary>
    CachePartitioner Partitioner { get; }

    /// <summary>Reads <paramref name="key"/>: Hit with the value, Miss, or Unavailable.</summary>
    ValueTask<CacheReadResult> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads <paramref name="key"/> or, on a miss, takes its fill lease for <paramref name="lease"/>; while another
    /// caller holds the lease, waits for its value or for the lease, at most <paramref name="maxWait"/> in all
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: until <paramref name="cancellationToken"/>). Answers Hit,
    /// FillLeaseGranted (with the token that fills it), FillPending (the wait ended first) or Unavailable.
    /// </summary>
    Task<CacheReadResult> GetOrLeaseAsync(string key, TimeSpan lease, TimeSpan maxWait, CancellationToken cancellationToken = default);

    /// <summary>Gives a fill lease up without filling, so the next waiter gets it at once.</summary>
    Task ReleaseFillLeaseAsync(string key, string fillToken);

    /// <summary>Stores a value, under the request's condition (version, absence, fill token) when it has one.</summary>
    ValueTask<CacheWriteResult> SetAsync(string key, CacheSetRequest request, CancellationToken cancellationToken = default);

    /// <summary>Restarts the sliding window of <paramref name="key"/>; false when there is no entry.</summary>
    ValueTask<bool> RefreshAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes <paramref name="key"/>, only at <paramref name="expectedVersion"/> when given.</summary>
    ValueTask<CacheDeleteResult> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="delta"/> to the decimal integer stored at <paramref name="key"/> (an absent key counts as 0).</summary>
    ValueTask<CacheIncrementResult> IncrementAsync(string key, long delta, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="batch"/> atomically in the partition of its keys (<see cref="CacheBatch"/>: Redis's <c>MULTI</c>…<c>EXEC</c>
    /// with <c>WATCH</c>). Every key must be in one partition (hash tags, <c>{tag}</c>, put keys together); otherwise
    /// <see cref="ArgumentException"/>, before anything is sent.
    /// </summary>
    ValueTask<CacheBatchResult> ExecuteAsync(CacheBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Live entries that partition <paramref name="partition"/> holds in memory (see <see cref="ICacheGrain.Count"/>).</summary>
    ValueTask<long> CountAsync(int partition, CancellationToken cancellationToken = default);
}

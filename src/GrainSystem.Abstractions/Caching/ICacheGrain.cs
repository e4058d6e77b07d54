namespace GrainSystem.Abstractions.Caching;

/// <summary>
/// One partition of the cache's key space, keyed by partition number (see <see cref="CachePartitioner"/>).
/// Every rule for a key (conditions, counters, fill leases, expiry) is decided here, so each key is
/// linearizable. Callers must send a key only to its own partition.
/// The data operations return <see cref="ValueTask{TResult}"/>: they mostly answer in the same turn (from memory),
/// and then neither the grain nor a co-hosted caller allocates a task for the call. Await each result once.
/// </summary>
public interface ICacheGrain : IGrainWithIntegerKey
{
    /// <summary>Reads <paramref name="key"/>; a read refreshes a sliding window.</summary>
    ValueTask<CacheReadResult> Get(string key);

    /// <summary>
    /// Reads <paramref name="key"/>, or on a miss grants a fill lease of <paramref name="lease"/> to one caller
    /// at a time. Callers that find a lease held wait for the value or for the lease to lapse, at most
    /// <paramref name="maxWait"/> and never longer than a bound below the response timeout, and get
    /// <see cref="CacheReadStatus.FillPending"/> when that wait ends without either: they then call again or give up.
    /// </summary>
    Task<CacheReadResult> GetOrLease(string key, TimeSpan lease, TimeSpan maxWait);

    /// <summary>Gives up a fill lease without writing (the factory failed); the next waiter receives a token.</summary>
    Task ReleaseLease(string key, string fillToken);

    /// <summary>Stores a value under the request's condition; completes a fill lease.</summary>
    ValueTask<CacheWriteResult> Set(string key, CacheSetRequest request);

    /// <summary>Refreshes the sliding window of <paramref name="key"/> without reading its value; false on a miss.</summary>
    ValueTask<bool> Refresh(string key);

    /// <summary>Deletes <paramref name="key"/>; with <paramref name="expectedVersion"/>, only at that version.</summary>
    ValueTask<CacheDeleteResult> Delete(string key, long? expectedVersion);

    /// <summary>Adds <paramref name="delta"/> to the decimal integer stored at <paramref name="key"/> (absent = 0).</summary>
    ValueTask<CacheIncrementResult> Increment(string key, long delta);

    /// <summary>
    /// Runs <paramref name="batch"/> in one turn, atomically, with Redis's semantics for strings (see <see cref="CacheBatch"/>).
    /// Every key must belong to this partition.
    /// </summary>
    ValueTask<CacheBatchResult> Execute(CacheBatch batch);

    /// <summary>Live entries this partition holds in memory (<c>DBSIZE</c>): with write-through, keys only in Redis are not counted.</summary>
    ValueTask<long> Count();

    /// <summary>Counts of this partition and its silo's memory budget.</summary>
    Task<CachePartitionStats> GetStats();
}

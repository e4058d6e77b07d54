namespace GrainSystem.Abstractions.Caching;

/// <summary>
/// Hot reads a client co-hosted with a silo answers without a grain call: a hit on a partition whose activation runs in this
/// process and may answer from memory now (embedded mode, or write-through under a live ownership lease). Registered by the
/// silo; a plain Orleans client has none and every read is a grain call.
/// </summary>
public interface ICacheLocalReads
{
    /// <summary>
    /// The hit on <paramref name="key"/> of <paramref name="partition"/> when this process's activation holds a live entry for
    /// it and may answer from memory; false sends the read to the partition's grain (a miss, an expired or sliding entry, an
    /// activation elsewhere or not serving).
    /// </summary>
    bool TryRead(int partition, string key, out CacheReadResult result);
}

namespace GrainSystem.Grains.Caching;

/// <summary>
/// The increment records a partition holds in memory until they expire (<see cref="CacheIncrementRecord"/>): all of them in
/// embedded mode; with write-through, those it wrote or read back (Redis keeps every one for its retention). Used only on
/// the owning activation's turns.
/// </summary>
internal sealed class CacheIncrementRecords
{
    private readonly Dictionary<string, CacheIncrementRecord> _records = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, long> _expiry = new();

    public int Count => _records.Count;

    public bool TryGet(string id, long nowMs, out CacheIncrementRecord record) =>
        _records.TryGetValue(id, out record) && record.ExpiresAtMs > nowMs;

    public void Put(string id, CacheIncrementRecord record)
    {
        _records[id] = record;
        _expiry.Enqueue(id, record.ExpiresAtMs);
    }

    /// <summary>Forgets records whose retention ended.</summary>
    public void Purge(long nowMs)
    {
        while (_expiry.TryPeek(out var id, out var at) && at <= nowMs)
        {
            _expiry.Dequeue();
            if (_records.TryGetValue(id, out var record) && record.ExpiresAtMs <= nowMs)
            {
                _records.Remove(id);
            }
        }
    }
}

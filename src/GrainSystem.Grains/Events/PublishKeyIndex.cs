namespace GrainSystem.Grains.Events;

/// <summary>A retained event published under a key: what a retry with that key is answered with.</summary>
internal sealed record PublishRecord(string Key, string Fingerprint, long Id, DateTimeOffset Timestamp);

/// <summary>
/// A topic activation's index of the keys stored with its retained events. It is rebuilt from the log (never a store of
/// its own): <see cref="IndexedThrough"/> is the newest id read, so an activation reads the keys of only the events it
/// has not seen. A key is forgotten once its event leaves the retention, as a new activation would not find it either.
/// </summary>
internal sealed class PublishKeyIndex(int retain)
{
    /// <summary>Longest retention a key may ask for (the API's bound).</summary>
    private static readonly TimeSpan MaxRetention = TimeSpan.FromDays(1);

    private readonly Dictionary<string, PublishRecord> _byKey = new(StringComparer.Ordinal);
    private readonly Queue<PublishRecord> _byId = new();

    /// <summary>The newest id whose key (if any) is indexed; -1 until the log was read.</summary>
    public long IndexedThrough { get; private set; } = -1;

    /// <summary>Forgets everything: the log is read afresh (its numbering may have changed).</summary>
    public void Reset()
    {
        _byKey.Clear();
        _byId.Clear();
        IndexedThrough = -1;
    }

    /// <summary>Indexes the keyed events read from the log after <see cref="IndexedThrough"/>, through <paramref name="lastId"/>.</summary>
    public void AddRead(IEnumerable<PublishRecord> records, long lastId)
    {
        foreach (var record in records)
        {
            Add(record);
        }

        IndexedThrough = Math.Max(IndexedThrough, lastId);
        Trim();
    }

    /// <summary>Indexes an event this activation stored (keyed or not), once the index is read.</summary>
    public void Stored(PublishRecord? record, long id)
    {
        if (IndexedThrough < 0)
        {
            return;
        }

        if (record is not null)
        {
            Add(record);
        }

        IndexedThrough = Math.Max(IndexedThrough, id);
        Trim();
    }

    /// <summary>The stored publish under <paramref name="key"/> if it is younger than <paramref name="retention"/>.</summary>
    public PublishRecord? Find(string key, TimeSpan retention, DateTimeOffset now) =>
        _byKey.TryGetValue(key, out var record) && record.Timestamp + retention > now ? record : null;

    /// <summary>Forgets keys whose events left the retention, or older than any retention.</summary>
    private void Trim()
    {
        var tooOld = DateTimeOffset.UtcNow - MaxRetention;
        while (_byId.TryPeek(out var oldest) && (oldest.Id <= IndexedThrough - retain || oldest.Timestamp < tooOld))
        {
            _byId.Dequeue();
            if (_byKey.TryGetValue(oldest.Key, out var current) && current.Id == oldest.Id)
            {
                _byKey.Remove(oldest.Key);
            }
        }
    }

    private void Add(PublishRecord record)
    {
        _byKey[record.Key] = record;
        _byId.Enqueue(record);
    }
}

using StackExchange.Redis;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// One write of a group sent to Redis: store <paramref name="Stored"/> at <paramref name="Key"/> (expiring at
/// <paramref name="ExpireAtMs"/>, Unix ms, 0 = never), delete it, or only move its expiry (a touch). With
/// <paramref name="Probe"/> the reply says whether a live entry was there before.
/// </summary>
internal readonly record struct CacheStoredWrite(RedisKey Key, CacheStoredWriteKind Kind, ReadOnlyMemory<byte> Stored, long ExpireAtMs, bool Probe)
{
    public static CacheStoredWrite Set(RedisKey key, CacheEntry entry, long expireAtMs, bool probe) =>
        new(key, CacheStoredWriteKind.Set, entry.Stored, expireAtMs, probe);

    /// <summary>Stores bytes that are not a cache entry (an idempotency record) at <paramref name="key"/>.</summary>
    public static CacheStoredWrite Raw(RedisKey key, ReadOnlyMemory<byte> stored, long expireAtMs) =>
        new(key, CacheStoredWriteKind.Set, stored, expireAtMs, false);

    public static CacheStoredWrite Delete(RedisKey key, bool probe) => new(key, CacheStoredWriteKind.Delete, default, 0, probe);

    public static CacheStoredWrite Touch(RedisKey key, long expireAtMs) => new(key, CacheStoredWriteKind.Touch, default, expireAtMs, false);
}

/// <summary>The kinds of <see cref="CacheStoredWrite"/>.</summary>
internal enum CacheStoredWriteKind
{
    Set = 0,
    Delete = 1,
    Touch = 2,
}

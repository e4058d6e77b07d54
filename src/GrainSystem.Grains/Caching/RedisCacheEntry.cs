namespace GrainSystem.Grains.Caching;

/// <summary>An entry as read back from Redis.</summary>
internal sealed record RedisCacheEntry(byte[] Value, string ContentType, long Version, uint SlidingMs, long AbsoluteMs, long ExpireTimeMs);

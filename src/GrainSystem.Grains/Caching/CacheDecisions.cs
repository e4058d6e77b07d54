using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// The rules of the single-key operations, decided from the key's current entry alone: the same code in embedded mode
/// (applied at once) and with write-through (applied once Redis stored it).
/// </summary>
internal static class CacheDecisions
{
    /// <summary>The failed-condition answer of a write, or null when its condition holds.</summary>
    public static CacheWriteResult? SetRefusal(CacheSetRequest request, bool exists, CacheEntry current)
    {
        var holds = request.Condition switch
        {
            CacheWriteCondition.IfVersion => exists && current.Version == request.ExpectedVersion,
            CacheWriteCondition.IfAbsent => !exists,
            _ => true,
        };
        return holds ? null : new CacheWriteResult { Status = CacheWriteStatus.PreconditionFailed, Version = exists ? current.Version : 0 };
    }

    public static CacheEntry NewEntry(CacheSetRequest request, long version, long nowMs) =>
        CacheEntry.Create(request.Value, request.ContentType, version, AbsoluteMsOf(request.Expiration),
            (uint)(request.Expiration.SlidingExpiration?.TotalMilliseconds ?? 0), nowMs);

    public static CacheWriteResult Written(bool existed, CacheEntry entry) => new()
    {
        Status = existed ? CacheWriteStatus.Replaced : CacheWriteStatus.Created,
        Version = entry.Version,
        ExpiresAt = entry.DeadlineMs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(entry.DeadlineMs),
    };

    /// <summary>The answer of a delete that changes nothing (failed condition or no entry), or null when it deletes.</summary>
    public static CacheDeleteResult? DeleteRefusal(long? expectedVersion, bool exists, CacheEntry current)
    {
        if (expectedVersion is { } expected && (!exists || current.Version != expected))
        {
            return new CacheDeleteResult { Status = CacheDeleteStatus.PreconditionFailed, Version = exists ? current.Version : 0 };
        }

        return exists ? null : new CacheDeleteResult { Status = CacheDeleteStatus.NotFound };
    }

    /// <summary>
    /// An increment: its answer, and the counter's new entry when it applies (keeping the entry's type and expiry, and not
    /// sliding its window; a new counter is text/plain without expiry).
    /// </summary>
    public static (CacheIncrementResult Result, CacheEntry Entry) Increment(long delta, bool exists, CacheEntry current, long version, long nowMs)
    {
        var value = 0L;
        if (exists && !CounterText.TryParse(current.Value, out value))
        {
            return (new CacheIncrementResult { Status = CacheIncrementStatus.NotAnInteger, Version = current.Version }, default);
        }

        if (!CounterText.TryAdd(value, delta, out var sum))
        {
            return (new CacheIncrementResult { Status = CacheIncrementStatus.Overflow, Value = value, Version = exists ? current.Version : 0 }, default);
        }

        var entry = exists
            ? CacheEntry.Create(CounterText.Format(sum), current.ContentType, version, current.AbsoluteMs, current.SlidingMs, current.LastTouchMs)
            : CacheEntry.Create(CounterText.Format(sum), CounterText.ContentType, version, 0, 0, nowMs);
        return (new CacheIncrementResult { Status = CacheIncrementStatus.Incremented, Value = sum, Version = version }, entry);
    }

    /// <summary>An absolute expiry in Unix ms, 0 for none; an expiry in the very first millisecond of 1970 is -1, since 0 means none.</summary>
    private static long AbsoluteMsOf(CacheExpiration expiration) =>
        expiration.AbsoluteExpiration?.ToUnixTimeMilliseconds() is { } ms ? (ms == 0 ? -1 : ms) : 0;
}

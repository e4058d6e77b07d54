using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// One run of a <see cref="CacheBatch"/> against a partition's entries, in one synchronous turn: each operation is decided
/// from the entries as the operations before it left them, and what changes is collected in <see cref="Changes"/> (the
/// final entry of each key written, or a deletion) for the partition to apply, or first to send to Redis.
/// The caller reserves a version for every operation beforehand (<see cref="CacheVersionCounter.EnsureAvailableAsync"/>).
/// Keys the store lacks are looked up in <paramref name="loaded"/> (entries read back from Redis; a null buffer = absent).
/// </summary>
internal sealed class CacheBatchRun(CacheEntryStore store, CacheVersionCounter versions, long nowMs, int maxValueBytes,
    Action<string, CacheEntry> touched, IReadOnlyDictionary<string, CacheEntry>? loaded = null)
{
    private static readonly CacheOperationResult Nil = new() { Status = CacheOperationStatus.Nil };

    // A key's entry after the operations so far; a null buffer is a deletion.
    private readonly Dictionary<string, CacheEntry> _changes = new(StringComparer.Ordinal);

    /// <summary>Every key the batch wrote or deleted, with its final entry (a default entry, whose buffer is null, for a deletion).</summary>
    public IReadOnlyDictionary<string, CacheEntry> Changes => _changes;

    /// <summary>Whether every watched key is still at its version (0 = absent).</summary>
    public bool WatchesHold(CacheWatch[] watches)
    {
        foreach (var watch in watches)
        {
            if ((TryGet(watch.Key, out var entry) ? entry.Version : 0) != watch.Version)
            {
                return false;
            }
        }

        return true;
    }

    public CacheOperationResult Run(CacheOperation operation)
    {
        var key = operation.Key;
        var exists = TryGet(key, out var current);
        switch (operation.Kind)
        {
            case CacheOperationKind.Get:
                if (!exists)
                {
                    return Nil;
                }

                touched(key, current);
                return ValueOf(current);
            case CacheOperationKind.Set:
                return Set(operation, exists, current);
            case CacheOperationKind.GetDelete:
                if (!exists)
                {
                    return Nil;
                }

                Delete(key);
                return ValueOf(current) with { Version = 0 };
            case CacheOperationKind.GetExpire:
                return exists ? GetExpire(operation, current) : Nil;
            case CacheOperationKind.Append:
                return Append(operation, exists, current);
            case CacheOperationKind.Length:
                return Number(exists ? current.Value.Length : 0, exists, current);
            case CacheOperationKind.Increment:
                return Increment(operation, exists, current);
            case CacheOperationKind.Delete:
                if (exists)
                {
                    Delete(key);
                }

                return new CacheOperationResult { Number = exists ? 1 : 0 };
            case CacheOperationKind.Exists:
                return Number(exists ? 1 : 0, exists, current);
            case CacheOperationKind.Expire:
                return exists ? Expire(operation, current) : new CacheOperationResult();
            case CacheOperationKind.Persist:
                if (!exists || current.DeadlineMs == 0)
                {
                    return Number(0, exists, current);
                }

                return Number(1, true, Write(key, current.Value, current.ContentType, 0, 0, nowMs));
            case CacheOperationKind.TimeToLive:
                return Number(!exists ? -2 : current.DeadlineMs == 0 ? -1 : current.DeadlineMs - nowMs, exists, current);
            case CacheOperationKind.ExpireTime:
                return Number(!exists ? -2 : current.DeadlineMs == 0 ? -1 : current.DeadlineMs, exists, current);
            case CacheOperationKind.Version:
                return Number(exists ? current.Version : 0, exists, current);
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation.Kind, "Unknown cache operation.");
        }
    }

    private CacheOperationResult Set(CacheOperation operation, bool exists, CacheEntry current)
    {
        var previous = operation.ReturnPrevious && exists ? current.Value.ToArray() : null;
        if ((operation.Condition == CacheOperationCondition.IfAbsent && exists) || (operation.Condition == CacheOperationCondition.IfExists && !exists))
        {
            return new CacheOperationResult { Status = CacheOperationStatus.Nil, Value = previous, Version = exists ? current.Version : 0 };
        }

        var (absolute, sliding, touch) = operation.Expiry switch
        {
            CacheExpiryMode.Keep when exists => (current.AbsoluteMs, current.SlidingMs, current.LastTouchMs),
            CacheExpiryMode.After => (nowMs + operation.ExpiryMs, 0u, nowMs),
            CacheExpiryMode.At => (operation.ExpiryMs, 0u, nowMs),
            _ => (0L, 0u, nowMs),
        };
        if (absolute != 0 && absolute <= nowMs)
        {
            // An expiry that already passed: stored and expired at once, as Redis does.
            Delete(operation.Key);
            return new CacheOperationResult { Value = previous };
        }

        var written = Write(operation.Key, operation.Value, operation.ContentType ?? ContentTypes.Default, absolute, sliding, touch);
        return new CacheOperationResult { Value = previous, Version = written.Version };
    }

    private CacheOperationResult GetExpire(CacheOperation operation, CacheEntry current)
    {
        var value = ValueOf(current);
        switch (operation.Expiry)
        {
            case CacheExpiryMode.Keep:
                touched(operation.Key, current);
                return value;
            case CacheExpiryMode.Persist:
                return current.DeadlineMs == 0 ? value
                    : value with { Version = Write(operation.Key, current.Value, current.ContentType, 0, 0, nowMs).Version };
            default:
                var at = operation.Expiry == CacheExpiryMode.After ? nowMs + operation.ExpiryMs : operation.ExpiryMs;
                if (at <= nowMs)
                {
                    Delete(operation.Key);
                    return value with { Version = 0 };
                }

                return value with { Version = Write(operation.Key, current.Value, current.ContentType, at, 0, current.LastTouchMs).Version };
        }
    }

    private CacheOperationResult Append(CacheOperation operation, bool exists, CacheEntry current)
    {
        var suffix = operation.Value!;
        if (!exists)
        {
            return Number(suffix.Length, true, Write(operation.Key, suffix, ContentTypes.Default, 0, 0, nowMs));
        }

        var length = current.Value.Length + suffix.Length;
        if (length > maxValueBytes)
        {
            return new CacheOperationResult { Status = CacheOperationStatus.TooLarge, Version = current.Version };
        }

        var joined = new byte[length];
        current.Value.CopyTo(joined);
        suffix.CopyTo(joined.AsSpan(current.Value.Length));
        return Number(length, true, Write(operation.Key, joined, current.ContentType, current.AbsoluteMs, current.SlidingMs, current.LastTouchMs));
    }

    private CacheOperationResult Increment(CacheOperation operation, bool exists, CacheEntry current)
    {
        var value = 0L;
        if (exists && !CounterText.TryParse(current.Value, out value))
        {
            return new CacheOperationResult { Status = CacheOperationStatus.NotAnInteger, Version = current.Version };
        }

        if (!CounterText.TryAdd(value, operation.Delta, out var sum))
        {
            return new CacheOperationResult { Status = CacheOperationStatus.Overflow, Number = value, Version = exists ? current.Version : 0 };
        }

        var written = exists
            ? Write(operation.Key, CounterText.Format(sum), current.ContentType, current.AbsoluteMs, current.SlidingMs, current.LastTouchMs)
            : Write(operation.Key, CounterText.Format(sum), CounterText.ContentType, 0, 0, nowMs);
        return Number(sum, true, written);
    }

    private CacheOperationResult Expire(CacheOperation operation, CacheEntry current)
    {
        var at = operation.Expiry == CacheExpiryMode.After ? nowMs + operation.ExpiryMs : operation.ExpiryMs;
        var deadline = current.DeadlineMs;
        var holds = operation.Condition switch
        {
            CacheOperationCondition.IfAbsent => deadline == 0,
            CacheOperationCondition.IfExists => deadline != 0,
            // No expiry counts as an infinite one.
            CacheOperationCondition.IfGreater => deadline != 0 && at > deadline,
            CacheOperationCondition.IfLess => deadline == 0 || at < deadline,
            _ => true,
        };
        if (!holds)
        {
            return Number(0, true, current);
        }

        if (at <= nowMs)
        {
            Delete(operation.Key);
            return new CacheOperationResult { Number = 1 };
        }

        return Number(1, true, Write(operation.Key, current.Value, current.ContentType, at, 0, current.LastTouchMs));
    }

    private bool TryGet(string key, out CacheEntry entry)
    {
        if (_changes.TryGetValue(key, out entry))
        {
            return entry.Buffer is not null && !entry.IsExpired(nowMs);
        }

        if (store.TryGet(key, nowMs, out entry))
        {
            return true;
        }

        return loaded is not null && loaded.TryGetValue(key, out entry) && entry.Buffer is not null && !entry.IsExpired(nowMs);
    }

    private CacheEntry Write(string key, ReadOnlySpan<byte> value, string contentType, long absoluteMs, uint slidingMs, long lastTouchMs)
    {
        if (!versions.TryNext(out var version))
        {
            throw new InvalidOperationException("The batch's versions were not reserved before it ran.");
        }

        var entry = CacheEntry.Create(value, contentType, version, absoluteMs, slidingMs, lastTouchMs);
        _changes[key] = entry;
        return entry;
    }

    private void Delete(string key) => _changes[key] = default;

    private static CacheOperationResult ValueOf(CacheEntry entry) =>
        new() { Value = entry.Value.ToArray(), Version = entry.Version, ContentType = entry.ContentType };

    private static CacheOperationResult Number(long number, bool exists, CacheEntry entry) =>
        new() { Number = number, Version = exists ? entry.Version : 0 };
}

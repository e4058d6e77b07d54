using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Grains.Caching;

// Embedded mode (no Redis): memory is the only copy, so every rule is applied in one synchronous turn with
// the version taken in that same turn; versions thus apply in the order they were handed out.
public sealed partial class CacheGrain
{
    private async ValueTask<CacheWriteResult> SetInMemoryAsync(string key, CacheSetRequest request)
    {
        // The version is taken in the same turn as the check and the apply below, so versions apply in order.
        long version;
        while (!_versions.TryNext(out version))
        {
            if (!await ReserveVersionsAsync())
            {
                return new CacheWriteResult { Status = CacheWriteStatus.Unavailable };
            }
        }

        var now = NowMs;
        var exists = _store.TryGet(key, now, out var current);
        var holds = request.Condition switch
        {
            CacheWriteCondition.IfVersion => exists && current.Version == request.ExpectedVersion,
            CacheWriteCondition.IfAbsent => !exists,
            _ => true,
        };
        if (!holds)
        {
            return new CacheWriteResult { Status = CacheWriteStatus.PreconditionFailed, Version = exists ? current.Version : 0 };
        }

        var entry = NewEntry(request, version, now);
        Store(key, entry);
        return Written(exists, entry);
    }

    private CacheDeleteResult DeleteInMemory(string key, long? expectedVersion)
    {
        var exists = _store.TryGet(key, NowMs, out var current);
        if (expectedVersion is { } expected && (!exists || current.Version != expected))
        {
            return new CacheDeleteResult { Status = CacheDeleteStatus.PreconditionFailed, Version = exists ? current.Version : 0 };
        }

        return new CacheDeleteResult { Status = exists && _store.Remove(key) ? CacheDeleteStatus.Deleted : CacheDeleteStatus.NotFound };
    }

    private async ValueTask<CacheIncrementResult> IncrementInMemoryAsync(string key, long delta)
    {
        long version;
        while (!_versions.TryNext(out version))
        {
            if (!await ReserveVersionsAsync())
            {
                return new CacheIncrementResult { Status = CacheIncrementStatus.Unavailable };
            }
        }

        var now = NowMs;
        var exists = _store.TryGet(key, now, out var current);
        var value = 0L;
        if (exists && !CounterText.TryParse(current.Value, out value))
        {
            return new CacheIncrementResult { Status = CacheIncrementStatus.NotAnInteger, Version = current.Version };
        }

        long sum;
        try
        {
            sum = checked(value + delta);
        }
        catch (OverflowException)
        {
            return new CacheIncrementResult { Status = CacheIncrementStatus.Overflow, Value = value, Version = current.Version };
        }

        var entry = exists
            ? CacheEntry.Create(CounterText.Format(sum), current.ContentType, version, current.AbsoluteMs, current.SlidingMs, current.LastTouchMs)
            : CacheEntry.Create(CounterText.Format(sum), "text/plain", version, 0, 0, now);
        Store(key, entry);
        return new CacheIncrementResult { Status = CacheIncrementStatus.Incremented, Value = sum, Version = version };
    }
}

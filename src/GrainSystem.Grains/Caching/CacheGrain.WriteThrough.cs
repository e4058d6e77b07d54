using GrainSystem.Abstractions.Caching;
using StackExchange.Redis;

namespace GrainSystem.Grains.Caching;

// Write-through: every operation of a key that awaits Redis runs in that key's lane, so Redis sees a key's
// writes in the order their versions were taken, and memory is changed only after Redis said yes.
public sealed partial class CacheGrain
{
    // One state machine for the whole write (lane, version, Redis, memory): it suspends only while Redis answers.
    private async ValueTask<CacheWriteResult> SetThroughAsync(string key, CacheSetRequest request)
    {
        await _lanes.EnterAsync(key);
        try
        {
            // A second attempt only after a stale reply: another activation wrote a newer version (see SendVersionedAsync).
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (await NextVersionAsync() is not { } version)
                {
                    return new CacheWriteResult { Status = CacheWriteStatus.Unavailable };
                }

                var now = NowMs;
                var entry = NewEntry(request, version, now);
                RedisCacheReply reply;
                try
                {
                    reply = await redis.SetAsync(key, request.Value, request.ContentType, version, entry.SlidingMs, entry.AbsoluteMs,
                        request.Condition, request.ExpectedVersion, RedisExpireAt(entry, now), KnownVersion(key, now));
                }
                catch (Exception ex) when (IsRedisFailure(ex))
                {
                    Unavailable(key, ex);
                    return new CacheWriteResult { Status = CacheWriteStatus.Unavailable };
                }

                switch (reply.Code)
                {
                    case RedisCacheReply.Applied:
                        Store(key, entry);
                        return Written(reply.Existed, entry);
                    case RedisCacheReply.ConditionFailed:
                        ForgetIfNotAt(key, reply.Version);
                        return new CacheWriteResult { Status = CacheWriteStatus.PreconditionFailed, Version = reply.Version };
                    case RedisCacheReply.Stale:
                        _store.Remove(key);
                        if (!await SkipPastAsync(reply.Version))
                        {
                            return new CacheWriteResult { Status = CacheWriteStatus.Unavailable };
                        }

                        continue;
                    case RedisCacheReply.Refused:
                        // Redis refused this key alone (the rest of its batch was judged on its own): nothing was written.
                        LogRedisRefusedKey(logger, _partition);
                        return new CacheWriteResult { Status = CacheWriteStatus.Unavailable };
                    default:
                        return new CacheWriteResult { Status = CacheWriteStatus.Unavailable };
                }
            }

            return new CacheWriteResult { Status = CacheWriteStatus.Unavailable };
        }
        finally
        {
            _lanes.Leave(key);
        }
    }

    private async Task<CacheDeleteResult> DeleteThroughAsync(string key, long? expectedVersion)
    {
        RedisCacheReply reply;
        try
        {
            reply = await redis.DeleteAsync(key, expectedVersion, KnownVersion(key, NowMs));
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Unavailable(key, ex);
            return new CacheDeleteResult { Status = CacheDeleteStatus.Unavailable };
        }

        if (reply.Code == RedisCacheReply.ConditionFailed)
        {
            ForgetIfNotAt(key, reply.Version);
            return new CacheDeleteResult { Status = CacheDeleteStatus.PreconditionFailed, Version = reply.Version };
        }

        _store.Remove(key);
        return new CacheDeleteResult { Status = reply.Code == RedisCacheReply.Applied ? CacheDeleteStatus.Deleted : CacheDeleteStatus.NotFound };
    }

    private async Task<CacheIncrementResult> IncrementThroughAsync(string key, long delta)
    {
        var version = 0L;
        var sent = await SendVersionedAsync(key, v =>
        {
            version = v;
            return redis.IncrementAsync(key, delta, v, KnownVersion(key, NowMs));
        });
        switch (sent?.Code)
        {
            case RedisCacheReply.Applied:
                Store(key, FromRedis(sent.Value.Entry!, NowMs));
                return new CacheIncrementResult { Status = CacheIncrementStatus.Incremented, Value = sent.Value.Value, Version = version };
            case RedisCacheReply.AbsentOrNotInteger:
                return new CacheIncrementResult { Status = CacheIncrementStatus.NotAnInteger, Version = sent.Value.Version };
            case RedisCacheReply.Overflow:
                return new CacheIncrementResult { Status = CacheIncrementStatus.Overflow, Version = sent.Value.Version };
            default:
                return new CacheIncrementResult { Status = CacheIncrementStatus.Unavailable };
        }
    }

    /// <summary>
    /// Sends a versioned script with a new version. When Redis holds a newer one (another activation of this
    /// partition wrote it: stale), the memory copy is outdated: it is dropped, the counter moves above Redis's
    /// version and the script is sent once more. Null when Redis or the version counter failed (logged).
    /// </summary>
    private async Task<RedisCacheReply?> SendVersionedAsync(string key, Func<long, Task<RedisCacheReply>> send)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await NextVersionAsync() is not { } version)
            {
                return null;
            }

            RedisCacheReply reply;
            try
            {
                reply = await send(version);
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                Unavailable(key, ex);
                return null;
            }

            if (reply.Code != RedisCacheReply.Stale)
            {
                return reply;
            }

            _store.Remove(key);
            if (!await SkipPastAsync(reply.Version))
            {
                return null;
            }
        }

        return null;
    }

    private async Task<CacheReadResult> ReadThroughAsync(string key)
    {
        // Runs in the key's lane: no write of this key is in flight, so what Redis returns is the newest
        // version and storing it cannot resurrect an older one.
        var now = NowMs;
        if (_store.TryGet(key, now, out var cached))
        {
            return Hit(key, cached, now);
        }

        if (await LoadAsync(key) is not { } entry)
        {
            return new CacheReadResult { Status = CacheReadStatus.Unavailable };
        }

        if (entry.Buffer is null)
        {
            metrics.Miss();
            return CacheReadResult.Miss;
        }

        _store.Put(key, entry);
        _store.EvictWhileOverBudget(key);
        return Hit(key, entry, NowMs);
    }

    /// <summary>The live entry Redis holds for <paramref name="key"/> (a null buffer when none), or null when Redis failed (logged).</summary>
    private async Task<CacheEntry?> LoadAsync(string key)
    {
        RedisCacheEntry? found;
        try
        {
            found = await redis.ReadAsync(key);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Unavailable(key, ex);
            return null;
        }

        var now = NowMs;
        var entry = found is null ? default : FromRedis(found, now);
        return entry.Buffer is not null && entry.IsExpired(now) ? default(CacheEntry) : entry;
    }

    /// <summary>
    /// Redis's expiry for an entry: its absolute expiry, or for a sliding entry its deadline plus half a
    /// window, so that Redis never drops an entry memory still holds while pushes happen only when the
    /// deadline moved by a quarter window. Records the pushed deadline in the entry.
    /// </summary>
    private static long RedisExpireAt(CacheEntry entry, long now)
    {
        var sliding = entry.SlidingMs;
        if (sliding == 0)
        {
            return entry.AbsoluteMs;
        }

        entry.PushedDeadlineMs = now + sliding;
        var expireAt = now + sliding + sliding / 2;
        return entry.AbsoluteMs == 0 ? expireAt : Math.Min(entry.AbsoluteMs, expireAt);
    }

    /// <summary>An entry read back from Redis; a sliding entry's deadline is Redis's expiry less the half-window margin.</summary>
    private static CacheEntry FromRedis(RedisCacheEntry found, long now)
    {
        var entry = CacheEntry.Create(found.Value, found.ContentType, found.Version, found.AbsoluteMs, found.SlidingMs, now);
        if (found.SlidingMs != 0 && found.ExpireTimeMs > 0)
        {
            var deadline = found.AbsoluteMs != 0 && found.ExpireTimeMs >= found.AbsoluteMs
                ? found.AbsoluteMs
                : found.ExpireTimeMs - found.SlidingMs / 2;
            entry.LastTouchMs = Math.Min(now, deadline - found.SlidingMs);
            entry.PushedDeadlineMs = deadline;
        }

        return entry;
    }

    private void ForgetIfNotAt(string key, long version)
    {
        if (_store.TryGet(key, NowMs, out var cached) && cached.Version != version)
        {
            _store.Remove(key);
        }
    }

    /// <summary>
    /// The version memory holds live for <paramref name="key"/>, or 0: reads in memory slide a deadline further
    /// than the one last pushed to Redis, so Redis must take that version as live whatever its own deadline says.
    /// </summary>
    private long KnownVersion(string key, long now) => _store.TryGet(key, now, out var entry) ? entry.Version : 0;

    /// <summary>
    /// Logs a Redis failure. Only a refusal by the server itself (an error reply such as OOM) proves nothing was
    /// written; after any other failure (timeout, lost connection) the write may have landed, so the memory copy
    /// is dropped and the next read asks Redis.
    /// </summary>
    private void Unavailable(string key, Exception ex)
    {
        if (MayHaveLanded(ex))
        {
            _store.Remove(key);
        }

        LogRedisFailure(logger, _partition, ex.GetType().Name, ex.Message);
    }

    /// <summary>Whether a failed Redis call may still have been applied: anything but an error reply from the server.</summary>
    internal static bool MayHaveLanded(Exception ex) => ex is not RedisServerException;

    private static bool IsRedisFailure(Exception ex) => ex is RedisException or TimeoutException;
}

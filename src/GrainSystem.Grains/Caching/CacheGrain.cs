using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// One partition of the key space. Memory is the hot tier; with write-through, Redis holds every acknowledged
/// write and a memory miss reads it back.
/// </summary>
// Reentrant: every rule for a key is applied inside one synchronous turn (check, version, apply), so turns
// interleaving at awaits cannot break a rule; operations that await Redis for a key run one after another in
// that key's lane. Hot reads thus never queue behind a Redis round trip or a fill-lease wait.
[Reentrant]
// The partition is the memory tier itself: idle collection would throw its entries away.
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class CacheGrain(
    [PersistentState("cache-versions")] IPersistentState<CacheVersionState> versions,
    CacheMemoryBudget budget,
    CacheMetrics metrics,
    CacheRedisStore redis,
    IOptions<CacheOptions> options,
    IOptions<SiloMessagingOptions> messaging,
    TimeProvider time,
    ILogger<CacheGrain> logger) : Grain, ICacheGrain
{
    private static readonly TimeSpan PurgePeriod = TimeSpan.FromSeconds(1);

    private readonly CacheEntryStore _store = new(budget, metrics);
    private readonly FillLeases _leases = new();
    private readonly CacheVersionCounter _versions = new(versions);
    private readonly KeyLanes _lanes = new();
    private readonly CacheOptions _options = options.Value;
    private readonly CacheRequestChecks _checks = new(options.Value, time);

    // A fill-lease wait ends well before the caller's response timeout; the caller then asks again.
    private readonly long _waitBudgetMs = (long)(messaging.Value.ResponseTimeout.TotalMilliseconds * 0.6);
    private int _partition;
    private int _fillWaiters;
    private IGrainTimer? _purge;

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _partition = (int)this.GetPrimaryKeyLong();
        _purge = this.RegisterGrainTimer(static self => self.Purge(), this,
            new GrainTimerCreationOptions { DueTime = PurgePeriod, Period = PurgePeriod, Interleave = true, KeepAlive = false });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _purge?.Dispose();
        _store.Clear();
        return Task.CompletedTask;
    }

    public ValueTask<CacheReadResult> Get(string key)
    {
        _checks.Key(key, _partition);
        var now = NowMs;
        if (_store.TryGet(key, now, out var entry))
        {
            return new(Hit(key, entry, now));
        }

        if (!redis.Enabled)
        {
            metrics.Miss();
            return new(CacheReadResult.Miss);
        }

        return new(_lanes.RunAsync(key, () => ReadThroughAsync(key)));
    }

    public async Task<CacheReadResult> GetOrLease(string key, TimeSpan lease, TimeSpan maxWait)
    {
        if (lease < TimeSpan.FromMilliseconds(1) || lease > CacheOptions.MaxTimeToLive)
        {
            throw new ArgumentOutOfRangeException(nameof(lease), lease, "A fill lease lasts at least 1 ms and at most 30 days.");
        }

        var deadline = NowMs + (maxWait <= TimeSpan.Zero ? 0 : Math.Min(_waitBudgetMs, (long)Math.Min(maxWait.TotalMilliseconds, long.MaxValue / 2)));
        while (true)
        {
            var read = await Get(key);
            if (read.Status != CacheReadStatus.Miss)
            {
                return read;
            }

            var now = NowMs;
            var current = _leases.Current(key, now);
            if (current is null)
            {
                var granted = _leases.Grant(key, now, lease);
                return new CacheReadResult { Status = CacheReadStatus.FillLeaseGranted, FillToken = granted.Token };
            }

            var wait = Math.Min(current.ExpiresAtMs, deadline) - now;
            if (wait <= 0)
            {
                return new CacheReadResult { Status = CacheReadStatus.FillPending };
            }

            _fillWaiters++;
            try
            {
                await current.Ended.Task.WaitAsync(TimeSpan.FromMilliseconds(wait));
            }
            catch (TimeoutException)
            {
                // The lease lapsed (the next loop hands this caller a token unless another waiter took it) or
                // this call's wait budget is spent (the next loop answers FillPending).
            }
            finally
            {
                _fillWaiters--;
            }
        }
    }

    public Task ReleaseLease(string key, string fillToken)
    {
        _checks.Key(key, _partition);
        _leases.Release(key, fillToken);
        return Task.CompletedTask;
    }

    public ValueTask<CacheWriteResult> Set(string key, CacheSetRequest request)
    {
        _checks.Key(key, _partition);
        _checks.Request(request);
        if (string.IsNullOrEmpty(request.ContentType))
        {
            // No type given: the default, in memory and in Redis alike.
            request = request with { ContentType = ContentTypes.Default };
        }

        if (request.FillToken is { } token && _leases.Current(key, NowMs)?.Token != token)
        {
            // The writer's lease lapsed: the value may already come from the next holder, which this must not overwrite.
            return new(new CacheWriteResult { Status = CacheWriteStatus.PreconditionFailed, Version = LiveVersion(key) });
        }

        return redis.Enabled ? SetThroughAsync(key, request) : SetInMemoryAsync(key, request);
    }

    public async ValueTask<bool> Refresh(string key)
    {
        _checks.Key(key, _partition);
        var now = NowMs;
        if (_store.TryGet(key, now, out var entry))
        {
            // Touch only: no copy of the value.
            Touch(key, entry, now);
            return true;
        }

        return redis.Enabled && (await _lanes.RunAsync(key, () => ReadThroughAsync(key))).Status == CacheReadStatus.Hit;
    }

    public ValueTask<CacheDeleteResult> Delete(string key, long? expectedVersion)
    {
        _checks.Key(key, _partition);
        return redis.Enabled ? new(_lanes.RunAsync(key, () => DeleteThroughAsync(key, expectedVersion))) : new(DeleteInMemory(key, expectedVersion));
    }

    public ValueTask<CacheIncrementResult> Increment(string key, long delta)
    {
        _checks.Key(key, _partition);
        return redis.Enabled ? new(_lanes.RunAsync(key, () => IncrementThroughAsync(key, delta))) : IncrementInMemoryAsync(key, delta);
    }

    public Task<CachePartitionStats> GetStats() => Task.FromResult(new CachePartitionStats
    {
        Entries = _store.Count,
        Bytes = _store.Bytes,
        SiloBytes = budget.Bytes,
        SiloBudgetBytes = budget.LimitBytes,
        NextVersion = _versions.Peek,
        FillWaiters = _fillWaiters,
    });

    private CacheReadResult Hit(string key, CacheEntry entry, long now)
    {
        Touch(key, entry, now);
        metrics.Hit();
        var deadline = entry.DeadlineMs;
        return new CacheReadResult
        {
            Status = CacheReadStatus.Hit,
            Value = entry.Value.ToArray(),
            ContentType = entry.ContentType,
            Version = entry.Version,
            ExpiresAt = deadline == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(deadline),
        };
    }

    /// <summary>An access: slides the window (and LRU position); pushes the deadline to Redis once it moved a quarter window.</summary>
    private void Touch(string key, CacheEntry entry, long now)
    {
        entry.LastTouchMs = now;
        var sliding = entry.SlidingMs;
        if (sliding != 0 && redis.Enabled && now + sliding - entry.PushedDeadlineMs >= sliding / 4)
        {
            redis.Touch(key, entry.Version, RedisExpireAt(entry, now));
        }
    }

    private long LiveVersion(string key) => _store.TryGet(key, NowMs, out var entry) ? entry.Version : 0;

    private void Store(string key, CacheEntry entry)
    {
        _store.Put(key, entry);
        _store.EvictWhileOverBudget(key);
        _leases.Filled(key);
    }

    private static CacheWriteResult Written(bool existed, CacheEntry entry) => new()
    {
        Status = existed ? CacheWriteStatus.Replaced : CacheWriteStatus.Created,
        Version = entry.Version,
        ExpiresAt = entry.DeadlineMs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(entry.DeadlineMs),
    };

    private static CacheEntry NewEntry(CacheSetRequest request, long version, long now) =>
        CacheEntry.Create(request.Value, request.ContentType, version, AbsoluteMsOf(request.Expiration),
            (uint)(request.Expiration.SlidingExpiration?.TotalMilliseconds ?? 0), now);

    /// <summary>An absolute expiry in Unix ms, 0 for none; an expiry in the very first millisecond of 1970 is -1, since 0 means none.</summary>
    private static long AbsoluteMsOf(CacheExpiration expiration) =>
        expiration.AbsoluteExpiration?.ToUnixTimeMilliseconds() is { } ms ? (ms == 0 ? -1 : ms) : 0;

    /// <summary>The next version, or null when its block could not be reserved in grain storage (logged).</summary>
    private async ValueTask<long?> NextVersionAsync()
    {
        try
        {
            return await _versions.NextAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The only thing that can fail here is the storage write of the reservation.
            LogReservationFailure(logger, _partition, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    /// <summary>Reserves the next block of versions; false when grain storage failed (logged).</summary>
    private async ValueTask<bool> ReserveVersionsAsync()
    {
        try
        {
            await _versions.ReserveAsync();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReservationFailure(logger, _partition, ex.GetType().Name, ex.Message);
            return false;
        }
    }

    private async ValueTask<bool> SkipPastAsync(long seen)
    {
        try
        {
            await _versions.SkipPastAsync(seen);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReservationFailure(logger, _partition, ex.GetType().Name, ex.Message);
            return false;
        }
    }

    private Task Purge()
    {
        var now = NowMs;
        _store.PurgeExpired(now);
        _leases.DropLapsed(now);
        _store.EvictWhileOverBudget();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache partition {Partition}: reserving versions in grain storage failed ({ExceptionType}: {Reason}); answering unavailable")]
    private static partial void LogReservationFailure(ILogger logger, int partition, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache partition {Partition}: Redis failed ({ExceptionType}: {Reason}); answering unavailable")]
    private static partial void LogRedisFailure(ILogger logger, int partition, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache partition {Partition}: Redis refused a key's write (for example a key of another type at the cache key); answering unavailable")]
    private static partial void LogRedisRefusedKey(ILogger logger, int partition);
}

using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// One partition of the key space. Memory is the hot tier; with write-through, Redis holds every acknowledged write, a memory
/// miss reads it back, and the activation serves only while it owns the partition (<see cref="CacheOwnership"/>).
/// </summary>
// Reentrant: every rule for a key is applied inside one synchronous turn (check, version, apply), so turns interleaving at
// awaits cannot break a rule; operations that await Redis for a key run one after another in that key's lane. Hot reads
// thus never queue behind a Redis round trip or a fill-lease wait.
[Reentrant]
// The partition is the memory tier itself: idle collection would throw its entries away.
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class CacheGrain(
    [PersistentState("cache-versions")] IPersistentState<CacheVersionState> versions,
    CacheMemoryBudget budget,
    CacheMetrics metrics,
    CacheRedisStore redis,
    CacheLocalReads localReads,
    IOptions<CacheOptions> options,
    IOptions<SiloMessagingOptions> messaging,
    TimeProvider time,
    ILogger<CacheGrain> logger) : Grain, ICacheGrain
{
    private static readonly TimeSpan PurgePeriod = TimeSpan.FromSeconds(1);

    private readonly CacheRequestChecks _checks = new(options.Value, time);

    // A fill-lease wait ends well before the caller's response timeout; the caller then asks again.
    private readonly long _waitBudgetMs = (long)(messaging.Value.ResponseTimeout.TotalMilliseconds * 0.6);
    private CachePartition _partition = null!;
    private CacheMode _mode = null!;
    private CacheOwnership? _ownership;
    private int _fillWaiters;
    private IGrainTimer? _purge;
    private IGrainTimer? _renewal;
    private object? _attached;

    private CacheEntryStore Store => _partition.Store;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var number = (int)this.GetPrimaryKeyLong();
        _partition = new CachePartition(number, new CacheEntryStore(budget, metrics), new CacheVersionCounter(versions), options.Value, metrics, time, logger);
        if (redis.Enabled)
        {
            var lease = options.Value.OwnershipLease;
            _ownership = new CacheOwnership(redis, number, lease, time, this.DeactivateOnIdle, logger);
            await _ownership.AcquireAsync(cancellationToken);
            _mode = new WriteThroughCacheMode(_partition, new CachePartitionRedis(_partition, redis, _ownership), _ownership);
            _renewal = this.RegisterGrainTimer(static self => self._ownership!.RenewAsync(), this,
                new GrainTimerCreationOptions { DueTime = lease / 3, Period = lease / 3, Interleave = true, KeepAlive = false });
        }
        else
        {
            _mode = new EmbeddedCacheMode(_partition);
        }

        _purge = this.RegisterGrainTimer(static self => self.Purge(), this,
            new GrainTimerCreationOptions { DueTime = PurgePeriod, Period = PurgePeriod, Interleave = true, KeepAlive = false });

        // Last: a co-hosted client's hot reads reach this memory only once the activation may serve (its mode says when); not
        // for an activation Orleans gave up on while this ran (it is never deactivated, so it would never detach).
        if (!cancellationToken.IsCancellationRequested)
        {
            _attached = localReads.Attach(_partition, _mode);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // First: no read of this process may reach this memory once the partition may move on.
        if (_attached is not null)
        {
            localReads.Detach(_partition.Number, _attached);
        }

        _purge?.Dispose();
        _renewal?.Dispose();
        if (_ownership is not null)
        {
            await _ownership.ReleaseAsync();
        }

        _partition?.Store.Clear();
    }

    public ValueTask<CacheReadResult> Get(string key)
    {
        _checks.Key(key, _partition.Number);
        var now = _partition.NowMs;
        return _mode.ServesFromMemory && Store.TryGet(key, now, out var entry) ? new(_mode.Hit(key, entry, now)) : _mode.ReadAsync(key);
    }

    public async Task<CacheReadResult> GetOrLease(string key, TimeSpan lease, TimeSpan maxWait)
    {
        if (lease < TimeSpan.FromMilliseconds(1) || lease > CacheOptions.MaxTimeToLive)
        {
            throw new ArgumentOutOfRangeException(nameof(lease), lease, "A fill lease lasts at least 1 ms and at most 30 days.");
        }

        var deadline = _partition.NowMs + (maxWait <= TimeSpan.Zero ? 0 : Math.Min(_waitBudgetMs, (long)Math.Min(maxWait.TotalMilliseconds, long.MaxValue / 2)));
        while (true)
        {
            var read = await Get(key);
            if (read.Status != CacheReadStatus.Miss)
            {
                return read;
            }

            var now = _partition.NowMs;
            var current = _partition.Fills.Current(key, now);
            if (current is null)
            {
                var granted = _partition.Fills.Grant(key, now, lease);
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
        _checks.Key(key, _partition.Number);
        _partition.Fills.Release(key, fillToken);
        return Task.CompletedTask;
    }

    public ValueTask<CacheWriteResult> Set(string key, CacheSetRequest request)
    {
        _checks.Key(key, _partition.Number);
        _checks.Request(request);
        if (string.IsNullOrEmpty(request.ContentType))
        {
            // No type given: the default, in memory and in Redis alike.
            request = request with { ContentType = ContentTypes.Default };
        }

        var now = _partition.NowMs;
        if (request.FillToken is { } token && _partition.Fills.Current(key, now)?.Token != token)
        {
            // The writer's lease lapsed: the value may already come from the next holder, which this must not overwrite.
            var version = Store.TryGet(key, now, out var entry) ? entry.Version : 0;
            return new(new CacheWriteResult { Status = CacheWriteStatus.PreconditionFailed, Version = version });
        }

        return _mode.SetAsync(key, request);
    }

    public async ValueTask<bool> Refresh(string key)
    {
        _checks.Key(key, _partition.Number);
        var now = _partition.NowMs;
        if (_mode.ServesFromMemory && Store.TryGet(key, now, out var entry))
        {
            // Touch only: no copy of the value.
            _mode.Touch(key, entry, now);
            return true;
        }

        return (await _mode.ReadAsync(key)).Status == CacheReadStatus.Hit;
    }

    public ValueTask<CacheDeleteResult> Delete(string key, long? expectedVersion)
    {
        _checks.Key(key, _partition.Number);
        return _mode.DeleteAsync(key, expectedVersion);
    }

    public ValueTask<CacheIncrementResult> Increment(string key, long delta)
    {
        _checks.Key(key, _partition.Number);
        return _mode.IncrementAsync(key, delta, null);
    }

    public ValueTask<CacheIncrementResult> IncrementOnce(string key, long delta, string idempotencyKey)
    {
        _checks.Key(key, _partition.Number);
        CacheRequestChecks.IdempotencyKey(idempotencyKey);
        return _mode.IncrementAsync(key, delta, CacheIncrementRecord.IdOf(key, idempotencyKey));
    }

    public ValueTask<CacheBatchResult> Execute(CacheBatch batch)
    {
        _checks.Batch(batch, _partition.Number);
        return _mode.ExecuteAsync(batch);
    }

    public ValueTask<long> Count()
    {
        Store.PurgeExpired(_partition.NowMs, int.MaxValue);
        return new(Store.Count);
    }

    public Task<CachePartitionStats> GetStats() => Task.FromResult(new CachePartitionStats
    {
        Entries = Store.Count,
        Bytes = Store.Bytes,
        SiloBytes = budget.Bytes,
        SiloBudgetBytes = budget.LimitBytes,
        NextVersion = _partition.Versions.Peek,
        FillWaiters = _fillWaiters,
    });

    private Task Purge()
    {
        var now = _partition.NowMs;
        Store.PurgeExpired(now);
        _partition.Fills.DropLapsed(now);
        _partition.Records.Purge(now);
        Store.EvictWhileOverBudget();
        return Task.CompletedTask;
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// How an activation of a write-through partition owns its keys. On activation it takes a new epoch of the partition in
/// Redis (every later write batch is fenced by it, so a superseded or duplicate activation can never write) and waits until
/// its predecessor's lease marker lapsed. It then holds a lease: it answers reads from memory only while its last
/// confirmation (that its epoch is still current, sent at most <see cref="Lease"/> ago by the monotonic clock) stands, and
/// it renews every third of a lease. The marker in Redis outlives each confirmation by a quarter lease more, so a successor
/// that waits it out never serves while this activation still may (assuming clock rates within that margin).
/// Used on the owning activation's turns, but for <see cref="IsLeased"/>, which a co-hosted client's hot reads ask from other
/// threads (<see cref="CacheLocalReads"/>).
/// </summary>
internal sealed partial class CacheOwnership(CacheRedisStore redis, int partition, TimeSpan lease, TimeProvider time, Action superseded, ILogger logger)
{
    private readonly long _leaseTicks = (long)(lease.TotalSeconds * Stopwatch.Frequency);
    private volatile CacheOwnershipState _state = CacheOwnershipState.Acquiring;

    // Written on the activation's turns, read also by other threads (Volatile): a stale read only ends the lease earlier.
    private long _leaseEndTicks;
    private Task<bool>? _renewal;
    private Task<bool>? _refence;

    public TimeSpan Lease { get; } = lease;

    /// <summary>The epoch this activation fences its writes with.</summary>
    public long Epoch { get; private set; }

    public CacheOwnershipState State => _state;

    /// <summary>Whether reads may be answered from memory now: the partition is this activation's and its lease stands.</summary>
    public bool IsLeased => _state is CacheOwnershipState.Owning or CacheOwnershipState.Unsettled && Stopwatch.GetTimestamp() < Volatile.Read(ref _leaseEndTicks);

    private long MarkerMs => (long)(Lease.TotalMilliseconds * 1.25);

    /// <summary>
    /// Takes the partition: a new epoch (retried a few times on timeouts, <see cref="CacheEpochAcquire"/>), the predecessor's
    /// lease waited out, a first lease. Throws when Redis fails.
    /// </summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        var (epoch, predecessorMs) = await CacheEpochAcquire.RunAsync(() => redis.AcquireAsync(partition), partition, time, logger, cancellationToken);
        Epoch = epoch;
        if (predecessorMs > 0)
        {
            LogWaiting(logger, partition, predecessorMs);
            await Task.Delay(TimeSpan.FromMilliseconds(predecessorMs), time, cancellationToken);
        }

        _state = CacheOwnershipState.Owning;
        if (!await RenewAsync())
        {
            throw new InvalidOperationException($"Cache partition {partition} could not confirm its ownership in Redis; another activation may own it.");
        }
    }

    /// <summary>Confirms the epoch and extends the lease (or joins the confirmation in flight); false when it failed or the partition moved on.</summary>
    public Task<bool> RenewAsync()
    {
        if (_renewal is null || _renewal.IsCompleted)
        {
            _renewal = RenewOnceAsync();
        }

        return _renewal;
    }

    /// <summary>Whether this activation may send writes: it owns the partition, and every earlier batch's fate is settled.</summary>
    public ValueTask<bool> ReadyForWritesAsync() => _state switch
    {
        CacheOwnershipState.Owning => new(true),
        CacheOwnershipState.Unsettled => new(RefenceAsync()),
        _ => new(false),
    };

    /// <summary>A batch may have landed or not: no write is sent until a new epoch makes sure it never lands later.</summary>
    public void Unsettle()
    {
        if (_state == CacheOwnershipState.Owning)
        {
            _state = CacheOwnershipState.Unsettled;
        }
    }

    /// <summary>A group sent with <paramref name="epoch"/> was refused by its fence.</summary>
    public void Fenced(long epoch)
    {
        // A group sent before this activation's own new epoch is refused by it too: that is no sign of a successor.
        if (epoch == Epoch)
        {
            Supersede();
        }
    }

    /// <summary>Leaving (deactivation): stops serving, then ends the lease marker so the successor serves at once.</summary>
    public async Task ReleaseAsync()
    {
        var owned = _state is CacheOwnershipState.Owning or CacheOwnershipState.Unsettled;
        _state = CacheOwnershipState.Released;
        if (owned)
        {
            try
            {
                await redis.ReleaseAsync(partition, Epoch);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                // The marker then lapses by itself; the successor waits for it.
                LogReleaseFailed(logger, partition, ex.Message);
            }
        }
    }

    private async Task<bool> RenewOnceAsync()
    {
        if (_state is not (CacheOwnershipState.Owning or CacheOwnershipState.Unsettled))
        {
            return false;
        }

        // The lease counts from when the confirmation was sent: Redis checked the epoch no earlier than that.
        var sent = Stopwatch.GetTimestamp();
        var epoch = Epoch;
        bool current;
        try
        {
            current = await redis.RenewAsync(partition, epoch, MarkerMs);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            LogRenewalFailed(logger, partition, ex.Message);
            return false;
        }

        if (!current)
        {
            // Refused for an epoch this activation itself replaced meanwhile: no sign of a successor.
            if (epoch == Epoch)
            {
                Supersede();
            }

            return false;
        }

        if (epoch == Epoch && _state is CacheOwnershipState.Owning or CacheOwnershipState.Unsettled)
        {
            Volatile.Write(ref _leaseEndTicks, Math.Max(_leaseEndTicks, sent + _leaseTicks));
        }

        return true;
    }

    private Task<bool> RefenceAsync()
    {
        if (_refence is null || _refence.IsCompleted)
        {
            _refence = RefenceOnceAsync();
        }

        return _refence;
    }

    private async Task<bool> RefenceOnceAsync()
    {
        long next;
        try
        {
            next = await redis.RefenceAsync(partition, Epoch);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            LogRenewalFailed(logger, partition, ex.Message);
            return false;
        }

        if (next == 0)
        {
            Supersede();
            return false;
        }

        if (_state == CacheOwnershipState.Unsettled)
        {
            Epoch = next;
            _state = CacheOwnershipState.Owning;
        }

        return _state == CacheOwnershipState.Owning;
    }

    private void Supersede()
    {
        if (_state is CacheOwnershipState.Superseded or CacheOwnershipState.Released)
        {
            return;
        }

        _state = CacheOwnershipState.Superseded;
        LogSuperseded(logger, partition, Epoch);
        superseded();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cache partition {Partition}: waiting {Ms} ms for the previous owner's lease to lapse")]
    private static partial void LogWaiting(ILogger logger, int partition, long ms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache partition {Partition}: epoch {Epoch} was superseded by another activation; deactivating")]
    private static partial void LogSuperseded(ILogger logger, int partition, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache partition {Partition}: confirming ownership in Redis failed ({Reason})")]
    private static partial void LogRenewalFailed(ILogger logger, int partition, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache partition {Partition}: releasing the lease failed ({Reason}); the successor waits for it to lapse")]
    private static partial void LogReleaseFailed(ILogger logger, int partition, string reason);
}

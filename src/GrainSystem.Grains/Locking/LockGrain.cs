using GrainSystem.Abstractions.Locking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;

namespace GrainSystem.Grains.Locking;

/// <summary>
/// A lock: a persisted grant (<see cref="LockGrantStore"/>), an in-memory FIFO of waiters woken by push
/// (<see cref="LockWaiterQueue"/>, served by <see cref="LockHandOff"/>), and one timer for lease ends, waiters' lapses
/// and idle deactivation (<see cref="LockTimer"/>). This class is the request surface over them.
/// </summary>
/// <remarks>
/// Reentrant on purpose: a waiting <see cref="Acquire"/> must not hold up the release, renewal or lease expiry it
/// is waiting for. Interleaving happens only at awaits, and every change of state (grant, renew, release, expiry
/// hand-off) runs under <see cref="_gate"/>, so writes never overlap and each decision is made on the state it
/// then persists. A grant is returned only after its write passed the storage's ETag check; a stale duplicate
/// activation's write fails with <see cref="InconsistentStateException"/>, its in-memory state is rolled back,
/// its waiters fail and it deactivates.
/// </remarks>
[Reentrant]
internal sealed class LockGrain : Grain, ILockGrain
{
    private readonly LockOptions _options;
    private readonly LockLease _clock;
    private readonly TimeProvider _time;
    private readonly ILogger<LockGrain> _logger;
    private readonly LockGrantStore _grants;
    private readonly LockWaiterQueue _queue = new();
    private readonly LockHandOff _handOff;
    private readonly LockTimer _timer;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public LockGrain(
        [PersistentState("lock")] IPersistentState<LockState> state,
        IOptions<LockOptions> options,
        [FromKeyedServices(LockOptions.SectionName)] TimeProvider clock,
        ILogger<LockGrain> logger)
    {
        _options = options.Value;
        _time = clock;
        _clock = new LockLease(clock);
        _logger = logger;
        _grants = new LockGrantStore(state, _clock, clock);
        _handOff = new LockHandOff(_grants, _queue, _options, logger);
        _timer = new LockTimer(this, _options, OnTimerAsync);
    }

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _grants.TakeOver();
        Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task<LockAcquireResult> Acquire(LockAcquireRequest request, CancellationToken cancellationToken)
    {
        LockRequestChecks.Validate(request);
        var now = _clock.Now;

        // The fast paths below read the state outside the gate, so that a try-once call never queues behind a storage
        // write. Turns do not overlap, so each read is consistent; and they only ever repeat a grant whose write has
        // succeeded (a grant being written is waited for first) or answer busy: a busy answer based on a change still
        // being written (a grant or renewal that may yet fail) is at worst a refusal the caller may retry.
        if (_handOff.Granting is { Call: { } pending } granting && granting.Id == request.WaiterId && granting.IsSameRequest(request))
        {
            // A retry of the call whose grant is being written (its answer was lost, or it timed out at the caller): the
            // outcome of that write, not a busy answer naming the caller itself.
            var grant = await pending.Task;
            return _grants.IsHeldBy(grant.Token, _clock.Now, out _) ? LockAcquireResult.Granted(grant) : Busy(_clock.Now);
        }

        if (_grants.Repeat(Name, request, now) is { } repeated)
        {
            return repeated;
        }

        if (_queue.TryGet(request.WaiterId, out var waiter))
        {
            if (request.RequestHash is not null && !waiter.IsSameRequest(request))
            {
                return LockAcquireResult.KeyReused();
            }
        }
        else
        {
            if (request.Wait <= TimeSpan.Zero && (_grants.LiveHolder(now) is not null || _queue.Count > 0))
            {
                return Busy(now);
            }

            waiter = _queue.Enqueue(request.WaiterId);
        }

        var call = waiter.Attach(request, now);
        try
        {
            await ChangeAsync(() => HandOffAsync(mustWrite: false));
        }
        catch (Exception) when (!call.Task.IsCompleted)
        {
            // Granting to the waiter ahead failed (that waiter got the error); this one keeps waiting.
        }

        var slice = Min(_options.MaxWaitPerCall, waiter.Deadline - _clock.Now);
        if (!call.Task.IsCompleted && slice > TimeSpan.Zero)
        {
            try
            {
                await call.Task.WaitAsync(slice, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // This call's slice is over; decided below.
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (_handOff.Granting != waiter && !call.Task.IsCompleted)
                {
                    await RemoveAsync(waiter);
                    throw;
                }
            }
        }

        if (call.Task.IsCompleted || _handOff.Granting == waiter)
        {
            // Granted, or its grant is being written right now: answer with the outcome of that write, unless the caller
            // has gone meanwhile (cancelled during the write): nobody would receive that grant, so it is released at once
            // instead of holding the lock for a whole lease.
            var grant = await call.Task;
            if (cancellationToken.IsCancellationRequested)
            {
                LockGrainLog.GrantAbandoned(_logger, Name, grant.FencingToken);
                await Release(grant.Token);
                cancellationToken.ThrowIfCancellationRequested();
            }

            return LockAcquireResult.Granted(grant);
        }

        if (_clock.Now >= waiter.Deadline)
        {
            await RemoveAsync(waiter);
            return Busy(_clock.Now);
        }

        if (waiter.Detach(call, _clock.Now))
        {
            Schedule(TimeSpan.Zero);
        }

        return LockAcquireResult.Queued(_queue.PositionOf(waiter));
    }

    public Task<LockRenewResult> Renew(string token, TimeSpan lease)
    {
        LockRequestChecks.ValidateLease(lease);
        return ChangeAsync(async () =>
        {
            var now = _clock.Now;
            if (!_grants.IsHeldBy(token, now, out var holder))
            {
                return LockRenewResult.NotOwner(_grants.LiveHolder(now)?.Owner);
            }

            var renewed = await _grants.RenewAsync(holder, lease, now);
            return LockRenewResult.Renewed(renewed.FencingToken, renewed.ExpiresAt);
        });
    }

    public Task<LockReleaseResult> Release(string token) => ChangeAsync(async () =>
    {
        var now = _clock.Now;
        if (!_grants.IsHeldBy(token, now, out var holder))
        {
            return LockReleaseResult.NotOwner(_grants.LiveHolder(now)?.Owner);
        }

        _grants.Free();
        LockGrainLog.Released(_logger, Name, holder.Owner, holder.FencingToken);

        // One write both frees the lock and, when someone waits, grants it to the next waiter.
        await HandOffAsync(mustWrite: true);
        return LockReleaseResult.Released(holder.FencingToken);
    });

    public Task<LockInfo> Inspect() => ChangeAsync(() =>
    {
        // Under the gate so that a grant still being written is not shown before it is stored.
        var holder = _grants.LiveHolder(_clock.Now);
        return Task.FromResult(new LockInfo(Name, holder is not null, holder?.Owner,
            holder?.FencingToken ?? _grants.LastFencingToken, holder?.ExpiresAt, _queue.Count));
    });

    /// <summary>
    /// Runs one change of state under the gate. On failure the in-memory state goes back to what is stored; a failed
    /// ETag check means another activation owns the lock now, so this one fails its waiters and deactivates.
    /// </summary>
    private async Task<T> ChangeAsync<T>(Func<Task<T>> change)
    {
        await _gate.WaitAsync();
        var rollBack = _grants.Checkpoint();
        try
        {
            return await change();
        }
        catch (Exception exception)
        {
            rollBack();
            if (exception is InconsistentStateException)
            {
                LockGrainLog.StaleActivation(_logger, Name, exception);
                _queue.FailAll(exception);
                DeactivateOnIdle();
            }

            throw;
        }
        finally
        {
            var now = _clock.Now;
            if (_timer.ShouldDeactivate(inUse: _grants.LiveHolder(now) is not null || _queue.Count > 0,
                everGranted: _grants.LastFencingToken != 0, now))
            {
                DeactivateOnIdle();
            }

            Schedule(TimeSpan.Zero);
            _gate.Release();
        }
    }

    private Task ChangeAsync(Func<Task> change) => ChangeAsync(async () =>
    {
        await change();
        return true;
    });

    /// <summary>Under the gate: hands the lock on as of now (see <see cref="LockHandOff"/>).</summary>
    private Task HandOffAsync(bool mustWrite) => _handOff.RunAsync(Name, _clock.Now, mustWrite);

    private async Task RemoveAsync(LockWaiter waiter)
    {
        _queue.Remove(waiter);

        // Its leaving may let an attached waiter behind it take a lock that was reserved for it, or leave the lock idle.
        await ChangeAsync(() => HandOffAsync(mustWrite: false));
    }

    private async Task OnTimerAsync()
    {
        try
        {
            await ChangeAsync(() => HandOffAsync(mustWrite: false));
        }
        catch (Exception exception)
        {
            LockGrainLog.TimerFailed(_logger, Name, exception);
            Schedule(TimeSpan.FromSeconds(1));
        }
    }

    private void Schedule(TimeSpan atLeast)
    {
        var now = _clock.Now;
        _timer.Schedule(now, _grants.LiveHolder(now) is { } holder ? LockLease.EndOf(holder) : null, _queue, atLeast);
    }

    private LockAcquireResult Busy(DateTimeOffset now) => _grants.LiveHolder(now) is { } holder
        ? LockAcquireResult.Busy(holder.Owner, holder.ExpiresAt, Max(LockLease.Remaining(holder, now), TimeSpan.FromSeconds(1)))
        : LockAcquireResult.Busy(null, null, TimeSpan.FromSeconds(1));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

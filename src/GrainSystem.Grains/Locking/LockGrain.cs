using GrainSystem.Abstractions.Locking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;

namespace GrainSystem.Grains.Locking;

/// <summary>
/// A lock: a persisted grant (fencing counter + holder) and an in-memory FIFO of waiters woken by push.
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
internal sealed class LockGrain(
    [PersistentState("lock")] IPersistentState<LockState> state,
    IOptions<LockOptions> options,
    TimeProvider clock,
    ILogger<LockGrain> logger) : Grain, ILockGrain
{
    private readonly LockOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LockWaiterQueue _queue = new();

    // The current grant's plain token and waiter id, in memory only, so that a retried call of the waiter that was
    // granted gets its grant again instead of queueing behind itself.
    private string? _holderToken;
    private Guid _holderWaiterId;
    private IGrainTimer? _timer;

    // The waiter whose grant is being written right now (under the gate), if any.
    private LockWaiter? _granting;
    private DateTimeOffset? _idleSince;

    private string Name => this.GetPrimaryKeyString();

    private LockState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task<LockAcquireResult> Acquire(LockAcquireRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var now = clock.GetUtcNow();

        // The fast paths below read the state outside the gate on purpose (a try-once call must not queue behind a
        // storage write). It is safe because turns do not overlap, so each read is consistent, and because they only ever
        // repeat a grant whose write has succeeded (_holderToken is set only then) or answer busy: a busy answer based on
        // a change still being written (a grant or renewal that may yet fail) is at worst a refusal the caller may retry.
        if (_holderToken is not null && request.WaiterId == _holderWaiterId && LiveHolder(now) is { } held && held.Owner == request.Owner)
        {
            return LockAcquireResult.Granted(CurrentGrant(held, _holderToken));
        }

        if (_granting is { Call: { } pending } granting && granting.Id == request.WaiterId && granting.Owner == request.Owner)
        {
            // A retry of the call whose grant is being written (its answer was lost, or it timed out at the caller): the
            // outcome of that write, not a busy answer naming the caller itself.
            var grant = await pending.Task;
            return IsHeldBy(grant.Token, clock.GetUtcNow(), out _) ? LockAcquireResult.Granted(grant) : Busy(clock.GetUtcNow());
        }

        if (!_queue.TryGet(request.WaiterId, out var waiter))
        {
            if (request.Wait <= TimeSpan.Zero && (LiveHolder(now) is not null || _queue.Count > 0))
            {
                return Busy(now);
            }

            waiter = _queue.Enqueue(request.WaiterId);
        }

        waiter.Owner = request.Owner;
        waiter.Lease = request.Lease;
        waiter.Deadline = now + request.Wait;
        waiter.DetachedAt = null;
        var call = waiter.Call ??= new TaskCompletionSource<LockGrant>(TaskCreationOptions.RunContinuationsAsynchronously);

        try
        {
            await ChangeAsync(() => HandOffAsync(mustWrite: false));
        }
        catch (Exception) when (!call.Task.IsCompleted)
        {
            // Granting to the waiter ahead failed (that waiter got the error); this one keeps waiting.
        }

        var slice = Min(_options.MaxWaitPerCall, waiter.Deadline - clock.GetUtcNow());
        if (!call.Task.IsCompleted && slice > TimeSpan.Zero)
        {
            try
            {
                await call.Task.WaitAsync(slice, clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                // This call's slice is over; decided below.
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (!waiter.Granting && !call.Task.IsCompleted)
                {
                    await RemoveAsync(waiter);
                    throw;
                }
            }
        }

        if (call.Task.IsCompleted || waiter.Granting)
        {
            // Granted, or its grant is being written right now: answer with the outcome of that write, unless the caller
            // has gone meanwhile (cancelled during the write): nobody would receive that grant, so it is released at once
            // instead of holding the lock for a whole lease.
            var grant = await call.Task;
            if (cancellationToken.IsCancellationRequested)
            {
                LockGrainLog.GrantAbandoned(logger, Name, grant.FencingToken);
                await Release(grant.Token);
                cancellationToken.ThrowIfCancellationRequested();
            }

            return LockAcquireResult.Granted(grant);
        }

        if (clock.GetUtcNow() >= waiter.Deadline)
        {
            await RemoveAsync(waiter);
            return Busy(clock.GetUtcNow());
        }

        if (waiter.Call == call)
        {
            waiter.Call = null;
            waiter.DetachedAt = clock.GetUtcNow();
            Schedule(TimeSpan.Zero);
        }

        return LockAcquireResult.Queued(_queue.PositionOf(waiter));
    }

    public Task<LockRenewResult> Renew(string token, TimeSpan lease)
    {
        if (lease < LockLimits.MinLease || lease > LockLimits.MaxLease)
        {
            throw new ArgumentOutOfRangeException(nameof(lease), lease, "A lease lasts 1 s to 1 h.");
        }

        return ChangeAsync(async () =>
        {
            var now = clock.GetUtcNow();
            if (!IsHeldBy(token, now, out var holder))
            {
                return LockRenewResult.NotOwner(LiveHolder(now)?.Owner);
            }

            State.Holder = new LockHolderState
            {
                TokenHash = holder.TokenHash,
                Owner = holder.Owner,
                FencingToken = holder.FencingToken,
                ExpiresAt = now + lease,
            };
            await state.WriteStateAsync();
            return LockRenewResult.Renewed(holder.FencingToken, State.Holder.ExpiresAt);
        });
    }

    public Task<LockReleaseResult> Release(string token) => ChangeAsync(async () =>
    {
        var now = clock.GetUtcNow();
        if (!IsHeldBy(token, now, out var holder))
        {
            return LockReleaseResult.NotOwner(LiveHolder(now)?.Owner);
        }

        State.Holder = null;
        _holderToken = null;
        LockGrainLog.Released(logger, Name, holder.Owner, holder.FencingToken);

        // One write both frees the lock and, when someone waits, grants it to the next waiter.
        await HandOffAsync(mustWrite: true);
        return LockReleaseResult.Released(holder.FencingToken);
    });

    public Task<LockInfo> Inspect() => ChangeAsync(() =>
    {
        // Under the gate so that a grant still being written is not shown before it is stored.
        var now = clock.GetUtcNow();
        var holder = LiveHolder(now);
        return Task.FromResult(new LockInfo(Name, holder is not null, holder?.Owner,
            holder?.FencingToken ?? State.LastFencingToken, holder?.ExpiresAt, _queue.Count));
    });

    /// <summary>
    /// Runs one change of state under the gate. On failure the in-memory state goes back to what is stored; a failed
    /// ETag check means another activation owns the lock now, so this one fails its waiters and deactivates.
    /// </summary>
    private async Task<T> ChangeAsync<T>(Func<Task<T>> change)
    {
        await _gate.WaitAsync();
        var before = (State.LastFencingToken, State.Holder, _holderToken, _holderWaiterId);
        try
        {
            return await change();
        }
        catch (Exception exception)
        {
            (State.LastFencingToken, State.Holder, _holderToken, _holderWaiterId) = before;
            if (exception is InconsistentStateException)
            {
                LockGrainLog.StaleActivation(logger, Name, exception);
                foreach (var waiter in _queue)
                {
                    waiter.Call?.TrySetException(exception);
                }

                _queue.Clear();
                DeactivateOnIdle();
            }

            throw;
        }
        finally
        {
            DeactivateIfIdle(clock.GetUtcNow());
            Schedule(TimeSpan.Zero);
            _gate.Release();
        }
    }

    private Task ChangeAsync(Func<Task> change) => ChangeAsync(async () =>
    {
        await change();
        return true;
    });

    /// <summary>
    /// Under the gate: ends a lapsed lease, drops waiters that went away, and grants the lock to the first waiter if
    /// it is free and that waiter's call is waiting. <paramref name="mustWrite"/>: the caller changed state that must
    /// be stored even when nobody is granted.
    /// </summary>
    private async Task HandOffAsync(bool mustWrite)
    {
        var now = clock.GetUtcNow();
        if (State.Holder is { } lapsed && lapsed.ExpiresAt <= now && _holderToken is not null)
        {
            // Nothing to write: a stored grant whose lease has ended counts as free.
            LockGrainLog.Expired(logger, Name, lapsed.Owner, lapsed.FencingToken);
            _holderToken = null;
        }

        // Waiters between two calls that passed their deadline, or did not call again within the grace (gone).
        _queue.RemoveWhere(w => w.Call is null && (w.Deadline <= now || w.DetachedAt + _options.WaiterGrace <= now));
        if (LiveHolder(now) is null && _queue.First is { Call: { } call } next)
        {
            _queue.Remove(next);
            next.Granting = true;
            _granting = next;
            try
            {
                call.TrySetResult(await GrantAsync(next, now));
            }
            catch (Exception exception)
            {
                call.TrySetException(exception);
                throw;
            }
            finally
            {
                next.Granting = false;
                _granting = null;
            }
        }
        else if (mustWrite)
        {
            await state.WriteStateAsync();
        }
    }

    private async Task<LockGrant> GrantAsync(LockWaiter waiter, DateTimeOffset now)
    {
        var token = LockTokens.NewToken();
        var fencingToken = State.LastFencingToken + 1;
        var holder = new LockHolderState
        {
            TokenHash = LockTokens.Hash(token),
            Owner = waiter.Owner,
            FencingToken = fencingToken,
            ExpiresAt = now + waiter.Lease,
        };
        State.LastFencingToken = fencingToken;
        State.Holder = holder;

        // The ETag check of this write is what stops a duplicate activation from granting the lock a second time.
        await state.WriteStateAsync();
        _holderToken = token;
        _holderWaiterId = waiter.Id;
        LockGrainLog.Granted(logger, Name, holder.Owner, fencingToken, holder.ExpiresAt);
        var grant = CurrentGrant(holder, token);

        // A retry of the same waiter that arrived while this write ran queued again: it gets the same grant.
        if (_queue.TryGet(waiter.Id, out var retry) && retry.Owner == waiter.Owner)
        {
            _queue.Remove(retry);
            retry.Call?.TrySetResult(grant);
        }

        return grant;
    }

    private LockGrant CurrentGrant(LockHolderState holder, string token) =>
        new(Name, token, holder.FencingToken, holder.Owner, holder.ExpiresAt);

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
            LockGrainLog.TimerFailed(logger, Name, exception);
            Schedule(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>One timer for whatever comes first: the lease's end, a queued waiter's deadline or grace, or idle deactivation.</summary>
    private void Schedule(TimeSpan atLeast)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? due = LiveHolder(now)?.ExpiresAt;
        if (due is null && _queue.First is { Call: not null })
        {
            // A hand-off is owed now (the lock is free and the first waiter's call is waiting): the lease ended after the
            // last hand-off read the clock, e.g. in a timer tick that came a few ms early (the timer's coarse clock), or in
            // a renewal whose write outlasted the lease. Without this the timer was disposed and the waiter hung until its
            // own deadline.
            due = now;
        }

        foreach (var waiter in _queue)
        {
            if (waiter.DetachedAt is { } detached)
            {
                var lapse = Min(waiter.Deadline, detached + _options.WaiterGrace);
                due = due is null || lapse < due ? lapse : due;
            }
        }

        if (_idleSince is { } idle)
        {
            var deactivation = idle + _options.IdleDeactivationDelay;
            due = due is null || deactivation < due ? deactivation : due;
        }

        if (due is null)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }

        var delay = Max(due.Value - now, atLeast);
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(static (self, _) => self.OnTimerAsync(), this,
                new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = false });
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// A free lock nobody waits for leaves memory (its fencing counter is in storage): at once if it was never granted,
    /// otherwise after <see cref="LockOptions.IdleDeactivationDelay"/> (the timer comes back for it).
    /// </summary>
    private void DeactivateIfIdle(DateTimeOffset now)
    {
        if (LiveHolder(now) is not null || _queue.Count > 0)
        {
            _idleSince = null;
            return;
        }

        _idleSince ??= now;
        if (State.LastFencingToken == 0 || now >= _idleSince + _options.IdleDeactivationDelay)
        {
            DeactivateOnIdle();
            _idleSince = null;
        }
    }

    private LockHolderState? LiveHolder(DateTimeOffset now) => State.Holder is { } holder && holder.ExpiresAt > now ? holder : null;

    private bool IsHeldBy(string token, DateTimeOffset now, out LockHolderState holder)
    {
        holder = LiveHolder(now)!;
        return holder is not null && LockTokens.Matches(token, holder.TokenHash);
    }

    private LockAcquireResult Busy(DateTimeOffset now) => LiveHolder(now) is { } holder
        ? LockAcquireResult.Busy(holder.Owner, holder.ExpiresAt, Max(holder.ExpiresAt - now, TimeSpan.FromSeconds(1)))
        : LockAcquireResult.Busy(null, null, TimeSpan.FromSeconds(1));

    private static void Validate(LockAcquireRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Owner);
        if (request.WaiterId == Guid.Empty)
        {
            // A waiter id repeats a grant to whoever presents it again: it must be a fresh random one, not a guessable one.
            throw new ArgumentException("A waiter id must be a new random Guid, not Guid.Empty.", nameof(request));
        }

        if (request.Owner.Length > LockLimits.MaxOwnerLength)
        {
            throw new ArgumentException($"An owner label has at most {LockLimits.MaxOwnerLength} characters.", nameof(request));
        }

        if (request.Lease < LockLimits.MinLease || request.Lease > LockLimits.MaxLease)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Lease, "A lease lasts 1 s to 1 h.");
        }

        if (request.Wait < TimeSpan.Zero || request.Wait > LockLimits.MaxWait)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Wait, "A wait lasts 0 to 5 min.");
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

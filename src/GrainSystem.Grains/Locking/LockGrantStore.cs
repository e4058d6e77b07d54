using System.Diagnostics.CodeAnalysis;
using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Grains.Locking;

/// <summary>
/// The grants of one lock as stored: the fencing counter, the current grant, and the grants made under an
/// <c>Idempotency-Key</c> (<see cref="LockGrantMemory"/>). Every grant remembers the waiter it was made for, so a retried
/// call of that waiter gets it again instead of queueing behind itself, also at another activation after a failover.
/// </summary>
/// <remarks>
/// Every write passes the storage's ETag check: a stale duplicate activation's write fails with
/// <c>InconsistentStateException</c> and grants nothing. The caller runs each change under its gate and, when a change
/// fails, puts memory back with the action <see cref="Checkpoint"/> returned, so memory never runs ahead of storage.
/// </remarks>
internal sealed class LockGrantStore(IPersistentState<LockState> state, LockLease lease, TimeProvider clock)
{
    private LockState State => state.State;

    /// <summary>The largest fencing token ever granted (0 = never granted).</summary>
    public long LastFencingToken => State.LastFencingToken;

    /// <summary>The stored grant if its lease is in force at <paramref name="now"/>; a grant whose lease has ended counts as none.</summary>
    public LockHolderState? LiveHolder(DateTimeOffset now) =>
        State.Holder is { } holder && LockLease.InForce(holder, now) ? holder : null;

    /// <summary>At activation: the stored grant, if any, holds for a whole lease from now (<see cref="LockLease.TakeOver"/>).</summary>
    public void TakeOver()
    {
        if (State.Holder is { } stored)
        {
            lease.TakeOver(stored);
        }
    }

    /// <summary>Whether <paramref name="token"/> holds the lock at <paramref name="now"/>.</summary>
    public bool IsHeldBy(string token, DateTimeOffset now, [NotNullWhen(true)] out LockHolderState? holder)
    {
        holder = LiveHolder(now);
        return holder is not null && LockTokens.Matches(token, holder.TokenHash);
    }

    /// <summary>
    /// The answer to a retry of a call that was granted: the live grant of its waiter, or a remembered one of its
    /// <c>Idempotency-Key</c> (see <see cref="LockGrantMemory.Repeat"/>); null when its waiter was granted nothing.
    /// </summary>
    public LockAcquireResult? Repeat(string name, LockAcquireRequest request, DateTimeOffset now) =>
        LockGrantMemory.Repeat(name, request, LiveHolder(now), State.Remembered);

    /// <summary>Grants the lock to <paramref name="waiter"/> with the next fencing token, and stores the grant before returning it.</summary>
    public async Task<LockGrant> GrantAsync(string name, LockWaiter waiter, DateTimeOffset now)
    {
        var salt = LockTokens.NewSalt();
        var token = LockTokens.Derive(salt, waiter.Id);
        var fencingToken = State.LastFencingToken + 1;
        var holder = new LockHolderState
        {
            TokenHash = LockTokens.Hash(token),
            Owner = waiter.Owner,
            FencingToken = fencingToken,
            ExpiresAt = LockLease.EndOf(now, waiter.Lease),
            Lease = waiter.Lease,
            WaiterHash = LockTokens.HashWaiter(waiter.Id),
            TokenSalt = salt,
            RequestHash = waiter.RequestHash,
        };
        State.LastFencingToken = fencingToken;
        State.Holder = holder;
        State.Remembered = LockGrantMemory.Keep(State.Remembered, holder, waiter.RememberFor, clock.GetUtcNow());

        // The ETag check of this write is what stops a duplicate activation from granting the lock a second time.
        await state.WriteStateAsync();
        return LockGrantMemory.ToGrant(name, holder, token);
    }

    /// <summary>Extends <paramref name="holder"/>'s lease to <paramref name="length"/> from <paramref name="now"/> and stores it.</summary>
    public async Task<LockHolderState> RenewAsync(LockHolderState holder, TimeSpan length, DateTimeOffset now)
    {
        var renewed = holder.Copy();
        renewed.ExpiresAt = LockLease.EndOf(now, length);
        renewed.Lease = length;
        State.Holder = renewed;
        await state.WriteStateAsync();
        return renewed;
    }

    /// <summary>Frees the lock in memory; the caller's next write (a grant to the next waiter, or <see cref="WriteAsync"/>) stores it.</summary>
    public void Free() => State.Holder = null;

    /// <summary>
    /// Frees the lock in memory when its lease ended by <paramref name="now"/>, and returns that grant; the caller stores
    /// the change (so a later activation does not hold the lapsed grant for a grace period).
    /// </summary>
    public LockHolderState? EndLapsedGrant(DateTimeOffset now)
    {
        if (State.Holder is not { } lapsed || LockLease.InForce(lapsed, now))
        {
            return null;
        }

        State.Holder = null;
        return lapsed;
    }

    /// <summary>Stores the state as it is in memory.</summary>
    public Task WriteAsync() => state.WriteStateAsync();

    /// <summary>Remembers the state as it is now; the returned action puts memory back to it (after a failed change).</summary>
    public Action Checkpoint()
    {
        var (lastFencingToken, holder, remembered) = (State.LastFencingToken, State.Holder, State.Remembered);
        return () => (State.LastFencingToken, State.Holder, State.Remembered) = (lastFencingToken, holder, remembered);
    }
}

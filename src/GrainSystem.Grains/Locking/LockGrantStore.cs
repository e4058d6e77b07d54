using System.Diagnostics.CodeAnalysis;
using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Grains.Locking;

/// <summary>
/// The grants of one lock: the stored fencing counter and current grant, and, in memory only, the current grant's plain
/// owner token and waiter id (so that a retried call of the waiter that was granted gets its grant again instead of
/// queueing behind itself).
/// </summary>
/// <remarks>
/// Every write passes the storage's ETag check: a stale duplicate activation's write fails with
/// <c>InconsistentStateException</c> and grants nothing. The caller runs each change under its gate and, when a change
/// fails, puts memory back with the action <see cref="Checkpoint"/> returned, so memory never runs ahead of storage.
/// </remarks>
internal sealed class LockGrantStore(IPersistentState<LockState> state)
{
    private string? _holderToken;
    private Guid _holderWaiterId;

    private LockState State => state.State;

    /// <summary>The largest fencing token ever granted (0 = never granted).</summary>
    public long LastFencingToken => State.LastFencingToken;

    /// <summary>The stored grant if its lease is in force at <paramref name="now"/>; a grant whose lease has ended counts as none.</summary>
    public LockHolderState? LiveHolder(DateTimeOffset now) =>
        State.Holder is { } holder && LockLease.InForce(holder, now) ? holder : null;

    /// <summary>Whether <paramref name="token"/> holds the lock at <paramref name="now"/>.</summary>
    public bool IsHeldBy(string token, DateTimeOffset now, [NotNullWhen(true)] out LockHolderState? holder)
    {
        holder = LiveHolder(now);
        return holder is not null && LockTokens.Matches(token, holder.TokenHash);
    }

    /// <summary>
    /// The live grant of <paramref name="waiterId"/> under <paramref name="owner"/>, once its write has succeeded; null
    /// when that waiter does not hold the lock.
    /// </summary>
    public LockGrant? GrantOf(string name, Guid waiterId, string owner, DateTimeOffset now) =>
        _holderToken is not null && waiterId == _holderWaiterId && LiveHolder(now) is { } held && held.Owner == owner
            ? ToGrant(name, held, _holderToken)
            : null;

    /// <summary>Grants the lock to <paramref name="waiter"/> with the next fencing token, and stores the grant before returning it.</summary>
    public async Task<LockGrant> GrantAsync(string name, LockWaiter waiter, DateTimeOffset now)
    {
        var token = LockTokens.NewToken();
        var fencingToken = State.LastFencingToken + 1;
        var holder = new LockHolderState
        {
            TokenHash = LockTokens.Hash(token),
            Owner = waiter.Owner,
            FencingToken = fencingToken,
            ExpiresAt = LockLease.EndOf(now, waiter.Lease),
        };
        State.LastFencingToken = fencingToken;
        State.Holder = holder;

        // The ETag check of this write is what stops a duplicate activation from granting the lock a second time.
        await state.WriteStateAsync();
        _holderToken = token;
        _holderWaiterId = waiter.Id;
        return ToGrant(name, holder, token);
    }

    /// <summary>Extends <paramref name="holder"/>'s lease to <paramref name="lease"/> from <paramref name="now"/> and stores it.</summary>
    public async Task<LockHolderState> RenewAsync(LockHolderState holder, TimeSpan lease, DateTimeOffset now)
    {
        var renewed = new LockHolderState
        {
            TokenHash = holder.TokenHash,
            Owner = holder.Owner,
            FencingToken = holder.FencingToken,
            ExpiresAt = LockLease.EndOf(now, lease),
        };
        State.Holder = renewed;
        await state.WriteStateAsync();
        return renewed;
    }

    /// <summary>Frees the lock in memory; the caller's next write (a grant to the next waiter, or <see cref="WriteAsync"/>) stores it.</summary>
    public void Free()
    {
        State.Holder = null;
        _holderToken = null;
    }

    /// <summary>
    /// Forgets the plain token of a grant this activation made whose lease has ended, and returns that grant. Nothing is
    /// written: a stored grant whose lease has ended counts as free.
    /// </summary>
    public LockHolderState? ForgetLapsedGrant(DateTimeOffset now)
    {
        if (State.Holder is not { } lapsed || LockLease.InForce(lapsed, now) || _holderToken is null)
        {
            return null;
        }

        _holderToken = null;
        return lapsed;
    }

    /// <summary>Stores the state as it is in memory.</summary>
    public Task WriteAsync() => state.WriteStateAsync();

    /// <summary>Remembers the state as it is now; the returned action puts memory back to it (after a failed change).</summary>
    public Action Checkpoint()
    {
        var (lastFencingToken, holder, holderToken, holderWaiterId) = (State.LastFencingToken, State.Holder, _holderToken, _holderWaiterId);
        return () => (State.LastFencingToken, State.Holder, _holderToken, _holderWaiterId) = (lastFencingToken, holder, holderToken, holderWaiterId);
    }

    private static LockGrant ToGrant(string name, LockHolderState holder, string token) =>
        new(name, token, holder.FencingToken, holder.Owner, holder.ExpiresAt);
}

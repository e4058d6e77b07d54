namespace GrainSystem.Abstractions.Locking;

/// <summary>
/// One distributed lock, keyed by its name. A grant is persisted with the storage's ETag check before it is
/// returned, so even a duplicate activation (possible briefly during a partition or a silo failure) cannot
/// grant the lock twice. Fencing tokens strictly increase over every grant the lock ever makes.
/// </summary>
/// <remarks>
/// A call waits at most <c>Locks:MaxWaitPerCall</c> (well inside the response timeout). A longer wait is a loop of
/// <see cref="Acquire"/> calls with the same <see cref="LockAcquireRequest.WaiterId"/>: each call that ends
/// <see cref="LockAcquireStatus.Queued"/> keeps the waiter's place in the first-come first-served queue for a short
/// grace period, within which the caller calls again. <c>ILockClient</c> in GrainSystem.Client runs that loop.
/// </remarks>
public interface ILockGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes the lock, or joins (or keeps its place in) the queue of waiters and waits up to a bounded slice
    /// of <see cref="LockAcquireRequest.Wait"/> for its turn.
    /// </summary>
    /// <returns>
    /// <see cref="LockAcquireStatus.Granted"/> with the grant (a retried call with the same waiter id and owner label returns the same grant, also while that grant is still being written);
    /// <see cref="LockAcquireStatus.Busy"/> when the wait is over (or was zero) and the lock is held;
    /// <see cref="LockAcquireStatus.Queued"/> when this call's slice ended first: call again at once with the same waiter id.
    /// </returns>
    Task<LockAcquireResult> Acquire(LockAcquireRequest request, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease of the grant holding <paramref name="token"/> to <paramref name="lease"/> from now.</summary>
    /// <returns>
    /// <see cref="LockRenewStatus.Renewed"/>, or <see cref="LockRenewStatus.NotOwner"/> for a wrong, stale or expired token
    /// (nothing changes).
    /// </returns>
    Task<LockRenewResult> Renew(string token, TimeSpan lease);

    /// <summary>Releases the grant holding <paramref name="token"/>; the next waiter gets the lock at once.</summary>
    /// <returns>
    /// <see cref="LockReleaseStatus.Released"/>, or <see cref="LockReleaseStatus.NotOwner"/> for a wrong, stale or expired
    /// token (nothing changes).
    /// </returns>
    Task<LockReleaseResult> Release(string token);

    /// <summary>The lock's public state: never the owner token.</summary>
    Task<LockInfo> Inspect();
}

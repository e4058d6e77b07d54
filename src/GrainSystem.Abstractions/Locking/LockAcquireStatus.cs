namespace GrainSystem.Abstractions.Locking;

/// <summary>Outcome of <see cref="ILockGrain.Acquire"/>.</summary>
public enum LockAcquireStatus
{
    /// <summary>The lock is the caller's: <see cref="LockAcquireResult.Grant"/>.</summary>
    Granted = 0,

    /// <summary>
    /// The wait is over (or was zero) and the lock is held, or promised to an earlier waiter:
    /// <see cref="LockAcquireResult.HolderOwner"/>, <see cref="LockAcquireResult.HolderExpiresAt"/>,
    /// <see cref="LockAcquireResult.RetryAfter"/>.
    /// </summary>
    Busy = 1,

    /// <summary>
    /// This call's slice of the wait ended while the caller is still queued: call <see cref="ILockGrain.Acquire"/> again
    /// at once with the same waiter id to keep the place (<see cref="LockAcquireResult.QueuePosition"/>).
    /// </summary>
    Queued = 2,

    /// <summary>
    /// The waiter id (derived from an <c>Idempotency-Key</c>) was already used by another request
    /// (<see cref="LockAcquireRequest.RequestHash"/> differs); nothing changed.
    /// </summary>
    KeyReused = 3,
}

namespace GrainSystem.Abstractions.Locking;

/// <summary>Outcome of <see cref="ILockGrain.Release"/>.</summary>
public enum LockReleaseStatus
{
    /// <summary>The lock was released (and handed to the next waiter, if any): <see cref="LockReleaseResult.FencingToken"/>.</summary>
    Released = 0,

    /// <summary>
    /// The token does not hold the lock: wrong, stale (from an earlier grant) or expired. Nothing changed.
    /// <see cref="LockReleaseResult.HolderOwner"/>.
    /// </summary>
    NotOwner = 1,
}

namespace GrainSystem.Abstractions.Locking;

/// <summary>Outcome of <see cref="ILockGrain.Renew"/>.</summary>
public enum LockRenewStatus
{
    /// <summary>The lease was extended: <see cref="LockRenewResult.FencingToken"/>, <see cref="LockRenewResult.ExpiresAt"/>.</summary>
    Renewed = 0,

    /// <summary>
    /// The token does not hold the lock: wrong, stale (from an earlier grant) or expired. Nothing changed. For a holder
    /// this means the lock is lost: stop touching the protected resource. <see cref="LockRenewResult.HolderOwner"/>.
    /// </summary>
    NotOwner = 1,
}

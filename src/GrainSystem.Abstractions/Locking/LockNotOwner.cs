namespace GrainSystem.Abstractions.Locking;

/// <summary>
/// The token does not hold the lock: wrong, stale (from an earlier grant) or expired. Nothing changed. For a holder
/// this means the lock is lost: stop touching the protected resource.
/// </summary>
/// <param name="HolderOwner">The current holder's owner label, or null when the lock is free.</param>
[GenerateSerializer, Immutable]
public sealed record LockNotOwner([property: Id(0)] string? HolderOwner) : LockOwnerResult;

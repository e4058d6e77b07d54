namespace GrainSystem.Abstractions.Locking;

/// <summary>The lock is held by someone else and the wait is over.</summary>
/// <param name="HolderOwner">The holder's owner label, or null when the lock is free but reserved for an earlier waiter.</param>
/// <param name="HolderExpiresAt">When the holder's lease ends unless renewed, or null when not held.</param>
/// <param name="RetryAfter">A sensible delay before trying again (at least one second).</param>
[GenerateSerializer, Immutable]
public sealed record LockBusy(
    [property: Id(0)] string? HolderOwner,
    [property: Id(1)] DateTimeOffset? HolderExpiresAt,
    [property: Id(2)] TimeSpan RetryAfter) : LockAcquireResult;

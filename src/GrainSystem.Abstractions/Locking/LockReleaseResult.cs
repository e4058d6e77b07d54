namespace GrainSystem.Abstractions.Locking;

/// <summary>
/// The outcome of <see cref="ILockGrain.Release"/>: <see cref="Status"/> says what happened, and the fields that status
/// carries are set (the others are null or default).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LockReleaseResult
{
    /// <summary>What happened.</summary>
    [Id(0)] public LockReleaseStatus Status { get; init; }

    /// <summary>With <see cref="LockReleaseStatus.Released"/>: the fencing token of the grant that was released.</summary>
    [Id(1)] public long FencingToken { get; init; }

    /// <summary>With <see cref="LockReleaseStatus.NotOwner"/>: the current holder's owner label, or null when the lock is free.</summary>
    [Id(2)] public string? HolderOwner { get; init; }

    /// <summary>The grant with <paramref name="fencingToken"/> was released.</summary>
    public static LockReleaseResult Released(long fencingToken) => new() { Status = LockReleaseStatus.Released, FencingToken = fencingToken };

    /// <summary>The token does not hold the lock; nothing changed.</summary>
    public static LockReleaseResult NotOwner(string? holderOwner) => new() { Status = LockReleaseStatus.NotOwner, HolderOwner = holderOwner };
}

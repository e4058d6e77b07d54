namespace GrainSystem.Abstractions.Locking;

/// <summary>
/// The outcome of <see cref="ILockGrain.Renew"/>: <see cref="Status"/> says what happened, and the fields that status
/// carries are set (the others are null or default).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LockRenewResult
{
    /// <summary>What happened.</summary>
    [Id(0)] public LockRenewStatus Status { get; init; }

    /// <summary>With <see cref="LockRenewStatus.Renewed"/>: the grant's fencing token (unchanged by renewing).</summary>
    [Id(1)] public long FencingToken { get; init; }

    /// <summary>With <see cref="LockRenewStatus.Renewed"/>: the new end of the lease.</summary>
    [Id(2)] public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>With <see cref="LockRenewStatus.NotOwner"/>: the current holder's owner label, or null when the lock is free.</summary>
    [Id(3)] public string? HolderOwner { get; init; }

    /// <summary>The lease was extended to <paramref name="expiresAt"/>.</summary>
    public static LockRenewResult Renewed(long fencingToken, DateTimeOffset expiresAt) =>
        new() { Status = LockRenewStatus.Renewed, FencingToken = fencingToken, ExpiresAt = expiresAt };

    /// <summary>The token does not hold the lock; nothing changed.</summary>
    public static LockRenewResult NotOwner(string? holderOwner) => new() { Status = LockRenewStatus.NotOwner, HolderOwner = holderOwner };
}

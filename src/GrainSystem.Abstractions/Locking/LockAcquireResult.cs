namespace GrainSystem.Abstractions.Locking;

/// <summary>
/// The outcome of <see cref="ILockGrain.Acquire"/>: <see cref="Status"/> says what happened, and the fields that status
/// carries are set (the others are null or default).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LockAcquireResult
{
    /// <summary>What happened.</summary>
    [Id(0)] public LockAcquireStatus Status { get; init; }

    /// <summary>The grant, with <see cref="LockAcquireStatus.Granted"/>.</summary>
    [Id(1)] public LockGrant? Grant { get; init; }

    /// <summary>
    /// With <see cref="LockAcquireStatus.Busy"/>: the holder's owner label, or null when the lock is free but promised to
    /// an earlier waiter.
    /// </summary>
    [Id(2)] public string? HolderOwner { get; init; }

    /// <summary>With <see cref="LockAcquireStatus.Busy"/>: when the holder's lease ends unless renewed, or null when not held.</summary>
    [Id(3)] public DateTimeOffset? HolderExpiresAt { get; init; }

    /// <summary>With <see cref="LockAcquireStatus.Busy"/>: a sensible delay before trying again (at least one second).</summary>
    [Id(4)] public TimeSpan RetryAfter { get; init; }

    /// <summary>With <see cref="LockAcquireStatus.Queued"/>: how many waiters are ahead of the caller (0 = next).</summary>
    [Id(5)] public int QueuePosition { get; init; }

    /// <summary>The lock is the caller's.</summary>
    public static LockAcquireResult Granted(LockGrant grant) => new() { Status = LockAcquireStatus.Granted, Grant = grant };

    /// <summary>The lock is held (or promised to an earlier waiter) and the wait is over.</summary>
    public static LockAcquireResult Busy(string? holderOwner, DateTimeOffset? holderExpiresAt, TimeSpan retryAfter) => new()
    {
        Status = LockAcquireStatus.Busy,
        HolderOwner = holderOwner,
        HolderExpiresAt = holderExpiresAt,
        RetryAfter = retryAfter,
    };

    /// <summary>The waiter id was already used by another request; nothing changed.</summary>
    public static LockAcquireResult KeyReused() => new() { Status = LockAcquireStatus.KeyReused };

    /// <summary>The caller is still queued, <paramref name="position"/> waiters behind the first.</summary>
    public static LockAcquireResult Queued(int position) => new() { Status = LockAcquireStatus.Queued, QueuePosition = position };
}

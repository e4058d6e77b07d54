namespace GrainSystem.Abstractions.Locking;

/// <summary>The public state of a lock; never carries the owner token.</summary>
/// <param name="Name">The lock's name.</param>
/// <param name="Held">Whether a lease is in force now.</param>
/// <param name="Owner">The holder's owner label, or null when not held.</param>
/// <param name="FencingToken">The holder's fencing token, or when not held the last one granted (0 = never granted).</param>
/// <param name="ExpiresAt">When the holder's lease ends, or null when not held.</param>
/// <param name="Waiters">How many callers are queued.</param>
[GenerateSerializer, Immutable]
public sealed record LockInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Held,
    [property: Id(2)] string? Owner,
    [property: Id(3)] long FencingToken,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] int Waiters);

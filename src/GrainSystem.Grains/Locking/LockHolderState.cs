namespace GrainSystem.Grains.Locking;

/// <summary>A persisted grant (the current one, or a remembered earlier one granted under an <c>Idempotency-Key</c>).</summary>
[GenerateSerializer]
internal sealed class LockHolderState
{
    /// <summary>SHA-256 of the owner token, lowercase hex.</summary>
    [Id(0)]
    public string TokenHash { get; set; } = "";

    [Id(1)]
    public string Owner { get; set; } = "";

    [Id(2)]
    public long FencingToken { get; set; }

    /// <summary>
    /// When the lease ends as the activation that wrote it counted (its monotonic clock, anchored at its wall clock):
    /// shown to callers, never trusted by another activation, which counts <see cref="Lease"/> from its own start.
    /// </summary>
    [Id(3)]
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The length of the lease as last granted or renewed; zero in grants stored before it was kept.</summary>
    [Id(4)]
    public TimeSpan Lease { get; set; }

    /// <summary>SHA-256 of the waiter id the lock was granted to: a retried call of that waiter gets this grant again.</summary>
    [Id(5)]
    public string? WaiterHash { get; set; }

    /// <summary>Random per grant; the owner token is derived from it and the waiter id (see <see cref="LockTokens.Derive"/>).</summary>
    [Id(6)]
    public string? TokenSalt { get; set; }

    /// <summary>Fingerprint of the request granted under an <c>Idempotency-Key</c>; null for other grants.</summary>
    [Id(7)]
    public string? RequestHash { get; set; }

    /// <summary>For a remembered grant: until when a retry of its request is answered with it.</summary>
    [Id(8)]
    public DateTimeOffset? RememberUntil { get; set; }

    public LockHolderState Copy() => (LockHolderState)MemberwiseClone();
}

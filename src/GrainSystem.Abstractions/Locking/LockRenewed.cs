namespace GrainSystem.Abstractions.Locking;

/// <summary>The lease was extended.</summary>
/// <param name="FencingToken">The grant's fencing token (unchanged by renewing).</param>
/// <param name="ExpiresAt">The new end of the lease.</param>
[GenerateSerializer, Immutable]
public sealed record LockRenewed(
    [property: Id(0)] long FencingToken,
    [property: Id(1)] DateTimeOffset ExpiresAt) : LockOwnerResult;

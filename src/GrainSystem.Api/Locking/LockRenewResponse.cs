namespace GrainSystem.Api.Locking;

/// <summary>A renewed lease.</summary>
public sealed record LockRenewResponse(long FencingToken, DateTimeOffset ExpiresAt);

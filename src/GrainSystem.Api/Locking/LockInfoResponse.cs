namespace GrainSystem.Api.Locking;

/// <summary>A lock's public state (never its owner token).</summary>
public sealed record LockInfoResponse(string Name, bool Held, string? Owner, long FencingToken, DateTimeOffset? ExpiresAt, int Waiters);

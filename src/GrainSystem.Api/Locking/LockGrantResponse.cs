namespace GrainSystem.Api.Locking;

/// <summary>A grant: keep <paramref name="Token"/> secret; pass <paramref name="FencingToken"/> to the protected resource.</summary>
public sealed record LockGrantResponse(string Name, string Token, long FencingToken, string Owner, DateTimeOffset ExpiresAt);

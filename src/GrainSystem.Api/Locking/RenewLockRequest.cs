namespace GrainSystem.Api.Locking;

/// <summary>Body of <c>POST /locks/{name}/renew</c>.</summary>
/// <param name="Token">The owner token of the grant.</param>
/// <param name="LeaseSeconds">The new lease, counted from now: 1 to 3600.</param>
public sealed record RenewLockRequest(string? Token, double? LeaseSeconds);

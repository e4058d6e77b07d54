namespace GrainSystem.Api.Locking;

/// <summary>Body of <c>POST /locks/{name}/release</c>.</summary>
/// <param name="Token">The owner token of the grant.</param>
public sealed record ReleaseLockRequest(string? Token);

namespace GrainSystem.Api.Locking;

/// <summary>Body of <c>POST /locks/{name}/acquire</c>.</summary>
/// <param name="Owner">A label for the holder (1–256 characters), shown to others.</param>
/// <param name="LeaseSeconds">How long the grant lasts unless renewed: 1 to 3600.</param>
/// <param name="WaitSeconds">How long to wait for the lock: 0 (try once, the default) to 300.</param>
public sealed record AcquireLockRequest(string? Owner, double? LeaseSeconds, double? WaitSeconds);

namespace GrainSystem.Abstractions.Locking;

/// <summary>A request to take a lock.</summary>
/// <param name="WaiterId">
/// Chosen by the caller once per acquisition (a new <see cref="Guid"/>) and repeated on every call of its wait loop:
/// it keeps the caller's place in the queue between calls and makes a retried call (same waiter id and owner label) return
/// the same grant, owner token included, so treat it as a secret. <see cref="Guid.Empty"/> is refused.
/// </param>
/// <param name="Owner">A label for the holder, shown to others (inspect, busy answers); not a secret.</param>
/// <param name="Lease">How long the grant lasts unless renewed.</param>
/// <param name="Wait">How much longer the caller is willing to wait, counted from this call; zero = try once.</param>
[GenerateSerializer, Immutable]
public sealed record LockAcquireRequest(
    [property: Id(0)] Guid WaiterId,
    [property: Id(1)] string Owner,
    [property: Id(2)] TimeSpan Lease,
    [property: Id(3)] TimeSpan Wait);

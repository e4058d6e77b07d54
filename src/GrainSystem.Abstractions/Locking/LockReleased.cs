namespace GrainSystem.Abstractions.Locking;

/// <summary>The lock was released (and handed to the next waiter, if any).</summary>
/// <param name="FencingToken">The fencing token of the grant that was released.</param>
[GenerateSerializer, Immutable]
public sealed record LockReleased([property: Id(0)] long FencingToken) : LockOwnerResult;

namespace GrainSystem.Abstractions.Locking;

/// <summary>
/// This call's slice of the wait ended while the caller is still queued: call <see cref="ILockGrain.Acquire"/> again
/// at once with the same waiter id to keep the place.
/// </summary>
/// <param name="Position">Waiters ahead of this one (0 = next).</param>
[GenerateSerializer, Immutable]
public sealed record LockQueued([property: Id(0)] int Position) : LockAcquireResult;

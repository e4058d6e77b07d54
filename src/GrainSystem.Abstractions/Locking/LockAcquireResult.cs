namespace GrainSystem.Abstractions.Locking;

/// <summary>The outcome of <see cref="ILockGrain.Acquire"/>: <see cref="LockGrant"/>, <see cref="LockBusy"/> or <see cref="LockQueued"/>.</summary>
[GenerateSerializer]
public abstract record LockAcquireResult;

namespace GrainSystem.Abstractions.Locking;

/// <summary>
/// The outcome of an operation that needs the owner token: <see cref="LockRenewed"/>, <see cref="LockReleased"/>
/// or <see cref="LockNotOwner"/>.
/// </summary>
[GenerateSerializer]
public abstract record LockOwnerResult;

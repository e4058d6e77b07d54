using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Client.Locking;

/// <summary>The lock was not granted within the wait.</summary>
public sealed class LockTimeoutException(string name, LockAcquireResult busy)
    : TimeoutException($"Lock '{name}' was not acquired in time; it is held by '{busy.HolderOwner ?? "(an earlier waiter)"}'.")
{
    /// <summary>The lock's name.</summary>
    public string Name { get; } = name;

    /// <summary>The <see cref="LockAcquireStatus.Busy"/> answer that ended the wait: who held the lock then.</summary>
    public LockAcquireResult Busy { get; } = busy;
}

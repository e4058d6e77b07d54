using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Client.Locking;

/// <summary>The lock was not granted within the wait.</summary>
public sealed class LockTimeoutException(string name, LockBusy busy)
    : TimeoutException($"Lock '{name}' was not acquired in time; it is held by '{busy.HolderOwner ?? "(an earlier waiter)"}'.")
{
    public string Name { get; } = name;

    /// <summary>Who held the lock when the wait ended.</summary>
    public LockBusy Busy { get; } = busy;
}

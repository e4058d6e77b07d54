using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Grains.Locking;

/// <summary>A queued caller. Lives only in the activation's memory: a waiter is a call in flight (or between two calls of its loop).</summary>
internal sealed class LockWaiter(Guid id)
{
    public Guid Id { get; } = id;

    public string Owner { get; set; } = "";

    public TimeSpan Lease { get; set; }

    /// <summary>When this waiter gives up (the activation's clock).</summary>
    public DateTimeOffset Deadline { get; set; }

    /// <summary>Completed with the grant when this waiter's turn comes, while one of its calls is waiting; null between calls.</summary>
    public TaskCompletionSource<LockGrant>? Call { get; set; }

    /// <summary>When its last call answered <see cref="LockAcquireStatus.Queued"/>; the place is kept for a grace period after it.</summary>
    public DateTimeOffset? DetachedAt { get; set; }

    /// <summary>True while its grant is being written: its call then waits for the write instead of returning queued.</summary>
    public bool Granting { get; set; }
}

using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Grains.Locking;

/// <summary>Silo-side tuning of locks (section <c>Locks</c>). The defaults suit the default <c>Orleans:Failover:ResponseTimeout</c>.</summary>
public sealed class LockOptions
{
    public const string SectionName = "Locks";

    /// <summary>
    /// Longest one <c>Acquire</c> call waits before answering "still queued" so the caller calls again. Keep it well
    /// below <c>Orleans:Failover:ResponseTimeout</c>: the call must answer before the caller's timeout fires.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan MaxWaitPerCall { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a waiter keeps its place in the queue between two calls of its wait loop. A waiter that does not
    /// call again within it (its process died) is dropped; the lock is reserved for it meanwhile.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan WaiterGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a lock that was used stays in memory once free with nobody waiting, so a lock taken again and again
    /// (a scheduler's lock) is not re-read from storage every time. Zero = deactivate at once. A lock never granted
    /// (an inspect of an unknown name) always deactivates at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan IdleDeactivationDelay { get; set; } = TimeSpan.FromSeconds(5);
}

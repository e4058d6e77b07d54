namespace GrainSystem.Client.Locking;

/// <summary>How a <see cref="LockHandle"/> is acquired and kept.</summary>
public sealed record LockHandleOptions
{
    /// <summary>The owner label others see (inspect, busy answers); defaults to machine name and process id.</summary>
    public string? Owner { get; init; }

    /// <summary>Renew the lease in the background before it ends (default true).</summary>
    public bool AutoRenew { get; init; } = true;

    /// <summary>
    /// Stop renewing once the lock has been held this long, so a holder stuck in a loop cannot keep the lock forever:
    /// the lease then runs out and <see cref="LockHandle.HandleLost"/> fires. Null = renew until disposed.
    /// </summary>
    public TimeSpan? MaxHoldTime { get; init; }
}

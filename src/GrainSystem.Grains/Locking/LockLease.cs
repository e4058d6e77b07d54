namespace GrainSystem.Grains.Locking;

/// <summary>
/// When a lease ends: the one place that decides it, so the clock leases run on is chosen here alone. A lease runs on
/// the wall clock of the lock's host: it ends at its start plus its length, and a stored grant is in force until its
/// <see cref="LockHolderState.ExpiresAt"/>.
/// </summary>
internal static class LockLease
{
    /// <summary>The end of a lease of length <paramref name="lease"/> that starts at <paramref name="start"/>.</summary>
    public static DateTimeOffset EndOf(DateTimeOffset start, TimeSpan lease) => start + lease;

    /// <summary>When <paramref name="holder"/>'s lease ends.</summary>
    public static DateTimeOffset EndOf(LockHolderState holder) => holder.ExpiresAt;

    /// <summary>Whether <paramref name="holder"/>'s lease is in force at <paramref name="now"/>.</summary>
    public static bool InForce(LockHolderState holder, DateTimeOffset now) => EndOf(holder) > now;

    /// <summary>How long until <paramref name="holder"/>'s lease ends, as of <paramref name="now"/>.</summary>
    public static TimeSpan Remaining(LockHolderState holder, DateTimeOffset now) => EndOf(holder) - now;
}

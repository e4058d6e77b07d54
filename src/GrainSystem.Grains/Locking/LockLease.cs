using GrainSystem.Abstractions.Locking;

namespace GrainSystem.Grains.Locking;

/// <summary>
/// When a lease ends: the one place that decides it. Leases run on the monotonic clock of the activation's host,
/// expressed as instants of <see cref="Now"/> (the host's wall clock at the activation's start plus the monotonic time
/// since), so a wall clock that jumps or is set wrong never shortens one. A stored grant is never compared with this
/// host's wall clock: the activation that takes it over holds it for a whole lease from its own start
/// (<see cref="TakeOver"/>, Chubby's grace period), which ends no earlier than the lease the previous host counted, as
/// long as the hosts' clocks run at nearly the same rate, whatever their offset.
/// </summary>
internal sealed class LockLease(TimeProvider clock)
{
    private readonly long _start = clock.GetTimestamp();
    private readonly DateTimeOffset _wallAtStart = clock.GetUtcNow();

    /// <summary>Now, on the activation's monotonic clock.</summary>
    public DateTimeOffset Now => _wallAtStart + clock.GetElapsedTime(_start);

    /// <summary>The end of a lease of length <paramref name="lease"/> that starts at <paramref name="start"/>.</summary>
    public static DateTimeOffset EndOf(DateTimeOffset start, TimeSpan lease) => start + lease;

    /// <summary>When <paramref name="holder"/>'s lease ends, as this activation counts it.</summary>
    public static DateTimeOffset EndOf(LockHolderState holder) => holder.ExpiresAt;

    /// <summary>Whether <paramref name="holder"/>'s lease is in force at <paramref name="now"/>.</summary>
    public static bool InForce(LockHolderState holder, DateTimeOffset now) => EndOf(holder) > now;

    /// <summary>How long until <paramref name="holder"/>'s lease ends, as of <paramref name="now"/>.</summary>
    public static TimeSpan Remaining(LockHolderState holder, DateTimeOffset now) => EndOf(holder) - now;

    /// <summary>
    /// Takes over the grant an earlier activation stored: it holds for its whole <see cref="LockHolderState.Lease"/> from
    /// now. A grant stored without its length (by older code) keeps what its stored end leaves by this host's wall
    /// clock, at most the longest lease.
    /// </summary>
    public void TakeOver(LockHolderState holder)
    {
        var lease = holder.Lease > TimeSpan.Zero
            ? holder.Lease
            : TimeSpan.FromTicks(Math.Clamp((holder.ExpiresAt - clock.GetUtcNow()).Ticks, 0, LockLimits.MaxLease.Ticks));
        holder.ExpiresAt = EndOf(Now, lease);
    }
}

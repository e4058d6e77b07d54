namespace GrainSystem.Grains.Locking;

/// <summary>
/// The timing of one lock activation: a single grain timer, due at whatever comes first of the holder's lease end, a
/// hand-off owed now, a detached waiter's deadline or grace, and idle deactivation; and the idle bookkeeping that
/// decides when a free lock leaves memory.
/// </summary>
/// <remarks>
/// Ticks interleave with calls: an <c>Acquire</c> call waits for the very hand-off a tick makes. Ticks do not count as
/// activity, so the timer alone never keeps an activation in memory.
/// </remarks>
internal sealed class LockTimer(IGrainBase grain, LockOptions options, Func<Task> onDue)
{
    private IGrainTimer? _timer;
    private DateTimeOffset? _idleSince;

    /// <summary>
    /// Notes whether the lock is in use (held, or waited for), and says whether a free lock nobody waits for should leave
    /// memory now (its fencing counter is in storage): at once if it was never granted, otherwise once it has been idle
    /// for <see cref="LockOptions.IdleDeactivationDelay"/> (the timer comes back for it).
    /// </summary>
    public bool ShouldDeactivate(bool inUse, bool everGranted, DateTimeOffset now)
    {
        if (inUse)
        {
            _idleSince = null;
            return false;
        }

        _idleSince ??= now;
        if (!everGranted || now >= _idleSince + options.IdleDeactivationDelay)
        {
            _idleSince = null;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Sets the timer for the first thing due after <paramref name="now"/>, but not sooner than <paramref name="atLeast"/>;
    /// disposes it when nothing is due.
    /// </summary>
    /// <param name="leaseEnd">When the live holder's lease ends, or null when the lock is free.</param>
    public void Schedule(DateTimeOffset now, DateTimeOffset? leaseEnd, LockWaiterQueue queue, TimeSpan atLeast)
    {
        var due = leaseEnd;
        if (due is null && queue.First is { Call: not null })
        {
            // The lock is free and the first waiter's call is waiting: a hand-off is owed now. The lease ended after the
            // last hand-off read the clock (a timer tick that came early, or a renewal whose write outlasted the lease),
            // and nothing else will come to hand the lock on before that waiter's own deadline.
            due = now;
        }

        if (queue.FirstLapse(options.WaiterGrace) is { } lapse)
        {
            due = Earliest(due, lapse);
        }

        if (_idleSince is { } idle)
        {
            due = Earliest(due, idle + options.IdleDeactivationDelay);
        }

        if (due is null)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }

        var delay = due.Value - now > atLeast ? due.Value - now : atLeast;
        if (_timer is null)
        {
            _timer = grain.RegisterGrainTimer(static (onDue, _) => onDue(), onDue,
                new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = false });
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a.Value;
}

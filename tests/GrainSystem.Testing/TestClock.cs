using Microsoft.Extensions.Time.Testing;

namespace GrainSystem.Testing;

/// <summary>
/// The tests' clock: a <see cref="FakeTimeProvider"/> (time moves only when a test advances it, and the timers and
/// delays made from it fire then) that also counts the timers waiting on it, so a test can wait until the code under
/// test is parked on the clock before it moves time.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly HashSet<WatchedTimer> _waiting = [];

    /// <summary>How many timers are set and not yet due (delays and timeouts still pending).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Counts from this clock's start, not from year 1 as <see cref="FakeTimeProvider"/> does.</summary>
    /// <remarks>
    /// <see cref="TimeProvider.GetElapsedTime(long, long)"/> converts through a double, which holds every tick only below
    /// 2^53 ticks: small timestamps keep elapsed times exact, so a timer set from them falls due on the very
    /// tick a test advances to.
    /// </remarks>
    public override long GetTimestamp() => (GetUtcNow() - Start).Ticks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private ITimer CreateUnsetTimer(TimerCallback callback, object? state) =>
        base.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private void Watch(WatchedTimer timer, bool waiting)
    {
        lock (_lock)
        {
            if (waiting)
            {
                _waiting.Add(timer);
            }
            else
            {
                _waiting.Remove(timer);
            }
        }
    }

    /// <summary>A timer of the underlying fake clock, counted in <see cref="PendingTimers"/> while it waits.</summary>
    private sealed class WatchedTimer : ITimer
    {
        private readonly TestClock _clock;
        private readonly TimerCallback _callback;
        private readonly ITimer _inner;
        private bool _periodic;

        public WatchedTimer(TestClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _inner = clock.CreateUnsetTimer(Fire, state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _periodic = period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan;
            _clock.Watch(this, dueTime != Timeout.InfiniteTimeSpan);
            return _inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            _clock.Watch(this, false);
            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Fire(object? state)
        {
            if (!_periodic)
            {
                _clock.Watch(this, false);
            }

            _callback(state);
        }
    }
}

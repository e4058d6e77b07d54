using System.Collections.Immutable;
using System.Threading.Channels;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Client.Events;

/// <summary>
/// The live events a subscription's reader has not taken yet, bounded in events and in bytes. It never
/// waits: when full, it cuts the subscription off (overflow) — except while the reader is catching up from
/// the retention, when it drops the live events instead and has the reader catch up once more afterwards
/// (they are all in the retention, so a reader busy with a long catch-up on a busy topic is not cut off).
/// Batches are put back in each router's order first (<see cref="DeliveryOrder"/>); one held for a predecessor
/// that does not come within the reorder grace is let go and the reader asked to catch up.
/// </summary>
internal sealed class SubscriptionBuffer : IDisposable
{
    /// <summary>Most batches held for a late predecessor, over all routers (with at most a quarter of the buffer's bytes).</summary>
    private const int MaxHeldBatches = 1024;

    /// <summary>Kind of the marker a refresh writes when a router had lost the subscription.</summary>
    public const string ResyncKind = "resync";

    private readonly long _capacityBytes;
    private readonly TimeSpan _reorderGrace;
    private readonly Action _onOverflow;
    private readonly Channel<Event> _channel;
    private readonly DeliveryOrder _order;
    private readonly List<ImmutableArray<Event>> _release = [];
    private readonly TimeProvider _time;
    private readonly ITimer _graceTimer;
    private readonly Lock _gate = new();
    private long? _graceDueTicks;
    private long _bytes;
    private bool _catchingUp;
    private bool _missed;
    private bool _closed;
    private int _overflowed;

    public SubscriptionBuffer(int capacity, long capacityBytes, TimeSpan reorderGrace, Action onOverflow, TimeProvider? time = null)
    {
        _capacityBytes = capacityBytes;
        _reorderGrace = reorderGrace;
        _onOverflow = onOverflow;
        _channel = Channel.CreateBounded<Event>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _order = new DeliveryOrder(MaxHeldBatches, capacityBytes / 4);
        _time = time ?? TimeProvider.System;
        _graceTimer = _time.CreateTimer(static state => ((SubscriptionBuffer)state!).ReleaseStalled(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Batches held for a late predecessor (diagnostics and tests).</summary>
    public int HeldBatches
    {
        get
        {
            lock (_gate)
            {
                return _order.Held;
            }
        }
    }

    /// <summary>True once the buffer overflowed (the reader then ends with an overflow event).</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed) == 1;

    /// <summary>Memory an event holds while buffered (its strings, UTF-16).</summary>
    public static long SizeOf(Event e) => 2L * (e.Data.Length + e.Topic.Length) + 64;

    /// <summary>Buffers a router's batch once its predecessors are in (called by the observer; never waits).</summary>
    public void Receive(EventDelivery delivery)
    {
        lock (_gate)
        {
            var outcome = _order.Accept(delivery, _time.GetTimestamp(), _release);
            WriteReleased();
            if (outcome == DeliveryOrder.Outcome.Resync)
            {
                WriteResync();
            }

            ArmGraceTimer();
        }
    }

    /// <summary>
    /// A router's refresh answer: batches it sent a refresh ago that never arrived make the reader catch up
    /// from the retention.
    /// </summary>
    public void Confirm(RouterSubscription subscription)
    {
        lock (_gate)
        {
            if (_order.Confirm(subscription.Registration, subscription.LastSequence, _release))
            {
                WriteResync();
            }

            WriteReleased();
            ArmGraceTimer();
        }
    }

    /// <summary>Forgets the registrations routers replaced (what they held is let go, duplicates are dropped by id).</summary>
    public void KeepOnly(IReadOnlyCollection<Guid> currentRegistrations)
    {
        lock (_gate)
        {
            _order.Prune(currentRegistrations, _release);
            WriteReleased();
            ArmGraceTimer();
        }
    }

    /// <summary>Asks the reader to catch up from the retention (a router had lost the subscription).</summary>
    public void RequestResync()
    {
        lock (_gate)
        {
            WriteResync();
        }
    }

    /// <summary>From now on a full buffer drops live events (they are read again from the retention) instead of overflowing.</summary>
    public void BeginCatchUp()
    {
        lock (_gate)
        {
            _catchingUp = true;
        }
    }

    /// <summary>Ends a catch-up; true when live events were dropped meanwhile, so the reader must catch up again.</summary>
    public bool EndCatchUp()
    {
        lock (_gate)
        {
            _catchingUp = false;
            var missed = _missed;
            _missed = false;
            return missed;
        }
    }

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    public bool TryRead(out Event e)
    {
        if (!_channel.Reader.TryRead(out e!))
        {
            return false;
        }

        Interlocked.Add(ref _bytes, -SizeOf(e));
        return true;
    }

    /// <summary>No more events (the subscription is disposed); what is buffered can still be read.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _channel.Writer.TryComplete();
        }

        _graceTimer.Dispose();
    }

    public void Dispose() => Close();

    private void ReleaseStalled()
    {
        lock (_gate)
        {
            _graceDueTicks = null;
            var grace = GraceTicks;
            if (_order.ReleaseStalled(_time.GetTimestamp(), grace, _release))
            {
                WriteReleased();
                WriteResync();
            }

            ArmGraceTimer();
        }
    }

    private long GraceTicks => (long)(_reorderGrace.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Sets the timer for when the oldest held batch's grace ends (never later because more batches came).</summary>
    private void ArmGraceTimer()
    {
        if (_closed)
        {
            return;
        }

        long? due = _order.OldestHeldTicks is { } oldest ? oldest + GraceTicks : null;
        if (due == _graceDueTicks)
        {
            return;
        }

        _graceDueTicks = due;
        var dueIn = due is { } at ? _time.GetElapsedTime(_time.GetTimestamp(), at) : Timeout.InfiniteTimeSpan;
        _graceTimer.Change(dueIn < TimeSpan.Zero && due is not null ? TimeSpan.Zero : dueIn, Timeout.InfiniteTimeSpan);
    }

    private void WriteReleased()
    {
        foreach (var events in _release)
        {
            foreach (var e in events)
            {
                if (!TryWrite(e))
                {
                    break;
                }
            }
        }

        _release.Clear();
    }

    private void WriteResync() => TryWrite(new Event(0, "", "", DateTimeOffset.UtcNow, ResyncKind));

    private bool TryWrite(Event e)
    {
        if (_closed)
        {
            return false;
        }

        var size = SizeOf(e);
        if (Interlocked.Read(ref _bytes) + size <= _capacityBytes && _channel.Writer.TryWrite(e))
        {
            Interlocked.Add(ref _bytes, size);
            return true;
        }

        if (_catchingUp)
        {
            // Dropped live; the catch-up that follows the current one reads it from the retention.
            _missed = true;
            return false;
        }

        _closed = true;
        Interlocked.Exchange(ref _overflowed, 1);
        _channel.Writer.TryComplete();
        _onOverflow();
        return false;
    }
}

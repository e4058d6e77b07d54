using System.Collections.Immutable;
using System.Threading.Channels;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Client.Events;

/// <summary>
/// The live events a subscription's reader has not taken yet, bounded in events and in bytes. It never
/// waits: when full, it cuts the subscription off (overflow) — except while the reader is catching up from
/// the retention, when it drops the live events instead and has the reader catch up once more afterwards
/// (they are all in the retention, so a reader busy with a long catch-up on a busy topic is not cut off).
/// </summary>
internal sealed class SubscriptionBuffer(int capacity, long capacityBytes, Action onOverflow)
{
    /// <summary>Kind of the marker a refresh writes when a router had lost the subscription.</summary>
    public const string ResyncKind = "resync";

    private readonly Channel<Event> _channel = Channel.CreateBounded<Event>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Lock _gate = new();
    private long _bytes;
    private bool _catchingUp;
    private bool _missed;
    private bool _closed;
    private int _overflowed;

    /// <summary>True once the buffer overflowed (the reader then ends with an overflow event).</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed) == 1;

    /// <summary>Memory an event holds while buffered (its strings, UTF-16).</summary>
    public static long SizeOf(Event e) => 2L * (e.Data.Length + e.Topic.Length) + 64;

    /// <summary>Buffers live events (called by the observer; never waits).</summary>
    public void Receive(ImmutableArray<Event> events)
    {
        lock (_gate)
        {
            foreach (var e in events)
            {
                if (!TryWrite(e))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Asks the reader to catch up from the retention (a router had lost the subscription).</summary>
    public void RequestResync()
    {
        lock (_gate)
        {
            TryWrite(new Event(0, "", "", DateTimeOffset.UtcNow, ResyncKind));
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
    }

    private bool TryWrite(Event e)
    {
        if (_closed)
        {
            return false;
        }

        var size = SizeOf(e);
        if (Interlocked.Read(ref _bytes) + size <= capacityBytes && _channel.Writer.TryWrite(e))
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
        onOverflow();
        return false;
    }
}

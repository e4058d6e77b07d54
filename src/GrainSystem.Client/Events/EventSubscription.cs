using System.Runtime.CompilerServices;
using System.Text.Json;
using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Client.Events;

/// <summary>
/// A live subscription. It registers a grain observer with the routers of its patterns first, so live events
/// start buffering, then (when resuming) reads the retained events it missed, and then hands out the
/// buffered live events, dropping by id whatever the retention already gave. Per topic it hands out ids in
/// increasing order with no holes: an event arriving ahead of its predecessors makes it read them from the
/// topic's retention first (or report a gap when they are no longer retained).
/// The buffer is bounded in events and bytes: a reader that falls behind by more than it holds is cut off
/// with a final <see cref="EventKinds.Overflow"/> event, and the observer never waits, so routers and other
/// subscribers are never slowed. Registration and its refreshes are in <see cref="SubscriptionRegistration"/>,
/// the buffer in <see cref="SubscriptionBuffer"/>, reads of the retention in <see cref="RetentionReader"/>.
/// </summary>
public sealed partial class EventSubscription : IAsyncDisposable
{
    /// <summary>Most buffered events put in order at once.</summary>
    private const int ReorderBatch = 256;

    /// <summary>Most memory the events being put in order take (besides the buffer's own bound).</summary>
    private const long ReorderBytes = 1 << 20;

    private readonly TopicPattern[] _patterns;
    private readonly SubscriptionBuffer _buffer;
    private readonly SubscriptionRegistration _registration;
    private readonly RetentionReader _retention;
    private readonly ILogger _logger;
    private readonly Queue<Event> _ready = new();
    private readonly List<Event> _taken = [];
    private bool _needsCatchUp;
    private bool _resyncPending;
    private int _disposed;

    internal EventSubscription(IGrainFactory grains, TopicPattern[] patterns, EventCursor? resumeFrom, EventsOptions options, ILogger logger)
    {
        _patterns = patterns;
        Cursor = resumeFrom ?? new EventCursor(DateTimeOffset.UtcNow);
        _logger = logger;
        _buffer = new SubscriptionBuffer(options.SubscriberBuffer, options.SubscriberBufferBytes, options.ReorderGrace, OnOverflow);
        if (resumeFrom is not null)
        {
            // Live events arriving before the reader starts its catch-up are dropped rather than overflow.
            _needsCatchUp = true;
            _buffer.BeginCatchUp();
        }
        _registration = new SubscriptionRegistration(grains, Id, patterns, options.RefreshPeriod, _buffer, logger);
        _retention = new RetentionReader(grains, Cursor, [.. patterns.Select(p => p.Text)], Id, logger);
    }

    /// <summary>Identifies the subscription in the routers (and in logs).</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The patterns subscribed to.</summary>
    public IReadOnlyList<TopicPattern> Patterns => _patterns;

    /// <summary>Where the subscription stands: its text is the id to resume from after the last event read.</summary>
    public EventCursor Cursor { get; }

    /// <summary>True once the reader fell too far behind; <see cref="ReadAllAsync"/> then ends with an overflow event.</summary>
    public bool Overflowed => _buffer.Overflowed;

    internal Task StartAsync(CancellationToken cancellationToken) => _registration.StartAsync(cancellationToken);

    /// <summary>
    /// The subscription's events: missed retained ones first when resuming (gap events before them where the
    /// retention was passed), then live ones; ends after an overflow event if the reader fell behind.
    /// </summary>
    public async IAsyncEnumerable<Event> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_needsCatchUp)
        {
            await foreach (var e in CatchUpAsync(cancellationToken))
            {
                yield return e;
            }
        }

        while (true)
        {
            if (_resyncPending)
            {
                await foreach (var e in CatchUpAsync(cancellationToken))
                {
                    yield return e;
                }

                _resyncPending = false;
            }

            while (_ready.TryPeek(out var next))
            {
                var last = Cursor.LastId(next.Topic);
                if (next.Id == (last ?? 0) + 1)
                {
                    // The common case, inline: the topic's next id.
                    _ready.Dequeue();
                    Cursor.Advance(next);
                    yield return next;
                    continue;
                }

                // Taken off only once handed out: handing out again is harmless (the cursor drops what was given).
                await foreach (var e in HandOutAsync(next, cancellationToken))
                {
                    yield return e;
                }

                _ready.Dequeue();
            }

            if (!await _buffer.WaitToReadAsync(cancellationToken))
            {
                break;
            }

            // Take everything already buffered and put it in id order (topics' batches reach the buffer in each
            // router's order, but two routers' batches interleave). What is taken stays in fields, so a reader
            // that stops enumerating in the middle loses nothing when it enumerates again.
            var taken = _taken;
            taken.Clear();
            var takenBytes = 0L;
            while (taken.Count < ReorderBatch && takenBytes < ReorderBytes && _buffer.TryRead(out var next))
            {
                takenBytes += SubscriptionBuffer.SizeOf(next);
                if (next.Kind == SubscriptionBuffer.ResyncKind)
                {
                    _resyncPending = true;
                }
                else
                {
                    taken.Add(next);
                }
            }

            taken.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            foreach (var e in taken)
            {
                _ready.Enqueue(e);
            }

            taken.Clear();
        }

        if (Overflowed)
        {
            var data = JsonSerializer.Serialize(new OverflowData(
                "The subscriber fell too far behind; reconnect with the last event id to resume.", Cursor.ToString()), JsonSerializerOptions.Web);
            yield return new Event(0, "", data, DateTimeOffset.UtcNow, EventKinds.Overflow);
        }
    }

    /// <summary>A live event: handed out when it is the topic's next id, after its predecessors when it is ahead, never twice.</summary>
    private async IAsyncEnumerable<Event> HandOutAsync(Event next, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = Cursor.LastId(next.Topic);
        if (last >= next.Id)
        {
            if (next.Timestamp.ToUnixTimeMilliseconds() > Cursor.LastTimestamp(next.Topic)?.ToUnixTimeMilliseconds())
            {
                // Ids never go back while timestamps go forward within one numbering: the topic's ids
                // restarted (its log was lost). The catch-up reports it and delivers the new ones.
                _retention.NoteRestart(next.Topic);
                await foreach (var e in CatchUpAsync(cancellationToken))
                {
                    yield return e;
                }
            }

            yield break; // already handed out (a duplicate, or read from the retention)
        }

        if (next.Id == (last ?? 0) + 1)
        {
            // The common case: the topic's next id.
            Cursor.Advance(next);
            yield return next;
            yield break;
        }

        await foreach (var e in AcceptAsync(next, cancellationToken))
        {
            yield return e;
        }
    }

    /// <summary>
    /// Catches up from the retention; live events that do not fit in the buffer meanwhile are dropped and
    /// read by one more catch-up, so a long catch-up on a busy topic never overflows.
    /// </summary>
    private async IAsyncEnumerable<Event> CatchUpAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _needsCatchUp = true;
        try
        {
            do
            {
                _buffer.BeginCatchUp();
                await foreach (var e in _retention.CatchUpAsync(cancellationToken))
                {
                    yield return e;
                }
            }
            while (_buffer.EndCatchUp());

            _needsCatchUp = false;
        }
        finally
        {
            if (_needsCatchUp)
            {
                // The reader stopped in the middle: a full buffer overflows again until it reads on, and its
                // next read catches up first (live events may have been dropped meanwhile).
                _buffer.EndCatchUp();
            }
        }
    }

    /// <summary>A live event ahead of the topic's next id: handed out after its missing predecessors.</summary>
    private async IAsyncEnumerable<Event> AcceptAsync(Event e, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = Cursor.LastId(e.Topic);
        if (last is { } after)
        {
            await foreach (var missed in _retention.ReadRetainedAsync(e.Topic, after, e.Id - 1, since: null, cancellationToken))
            {
                yield return missed;
            }
        }
        else
        {
            // First event of this topic: its predecessors published since the subscription started may still
            // be on their way through another router; take them from the retention so none is skipped.
            await foreach (var missed in _retention.ReadRetainedAsync(e.Topic, Math.Max(0, e.Id - 1 - ReorderBatch), e.Id - 1,
                _retention.Since, cancellationToken))
            {
                yield return missed;
            }
        }

        if (Cursor.LastId(e.Topic) is not { } now || now < e.Id)
        {
            Cursor.Advance(e);
            yield return e;
        }
    }

    /// <summary>The reader fell behind: nothing more will be buffered, so stop refreshing and leave the routers.</summary>
    private void OnOverflow()
    {
        LogOverflow(_logger, Id);
        _registration.Leave();
    }

    /// <summary>
    /// Ends the subscription: nothing more is buffered, it leaves the routers, and <see cref="ReadAllAsync"/> ends once it
    /// has handed out what was already buffered.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _buffer.Close();
        await _registration.DisposeAsync();
    }

    private sealed record OverflowData(string Reason, string LastEventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} fell too far behind; disconnecting it with an overflow event")]
    private static partial void LogOverflow(ILogger logger, Guid subscriptionId);
}

using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Client.Events;

/// <summary>
/// A live subscription. It registers a grain observer with the routers of its patterns first, so live events
/// start buffering, then (when resuming) reads the retained events it missed, and then hands out the
/// buffered live events, dropping by id whatever the retention already gave. Per topic it hands out ids in
/// increasing order with no holes: an event arriving ahead of its predecessors makes it read them from the
/// topic's retention first (or report a gap when they are no longer retained).
/// The buffer is bounded: a reader that falls behind by more than it holds is cut off with a final
/// <see cref="EventKinds.Overflow"/> event, and the observer never waits, so routers and other subscribers
/// are never slowed.
/// </summary>
public sealed partial class EventSubscription : IAsyncDisposable
{
    private const int PageSize = 256;
    private const string ResyncKind = "resync";

    private readonly IGrainFactory _grains;
    private readonly TopicPattern[] _patterns;
    private readonly ImmutableArray<string> _patternTexts;
    private readonly Dictionary<long, ImmutableArray<string>> _routers;
    private readonly Channel<Event> _buffer;
    private readonly SubscriptionObserver _observer;
    private readonly bool _resumed;
    private readonly TimeSpan _refreshPeriod;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private IEventObserver? _reference;
    private Task? _refresh;
    private int _overflowed;
    private int _disposed;

    internal EventSubscription(IGrainFactory grains, TopicPattern[] patterns, EventCursor? resumeFrom, int bufferCapacity,
        TimeSpan refreshPeriod, ILogger logger)
    {
        _grains = grains;
        _patterns = patterns;
        _patternTexts = [.. patterns.Select(p => p.Text)];
        _routers = patterns.GroupBy(EventRouting.RouterFor)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Text).ToImmutableArray());
        _resumed = resumeFrom is not null;
        Cursor = resumeFrom ?? new EventCursor(DateTimeOffset.UtcNow);
        _refreshPeriod = refreshPeriod;
        _logger = logger;
        _buffer = Channel.CreateBounded<Event>(new BoundedChannelOptions(bufferCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _observer = new SubscriptionObserver(Receive);
    }

    /// <summary>Identifies the subscription in the routers (and in logs).</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The patterns subscribed to.</summary>
    public IReadOnlyList<TopicPattern> Patterns => _patterns;

    /// <summary>Where the subscription stands: its text is the id to resume from after the last event read.</summary>
    public EventCursor Cursor { get; }

    /// <summary>True once the reader fell too far behind; <see cref="ReadAllAsync"/> then ends with an overflow event.</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed) == 1;

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = _grains.CreateObjectReference<IEventObserver>(_observer);
        await RegisterAsync(cancellationToken);
        _refresh = RefreshLoopAsync(_stop.Token);
    }

    /// <summary>
    /// The subscription's events: missed retained ones first when resuming (gap events before them where the
    /// retention was passed), then live ones; ends after an overflow event if the reader fell behind.
    /// </summary>
    public async IAsyncEnumerable<Event> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_resumed)
        {
            await foreach (var e in CatchUpAsync(cancellationToken))
            {
                yield return e;
            }
        }

        var ready = new List<Event>();
        while (await _buffer.Reader.WaitToReadAsync(cancellationToken))
        {
            // Take everything already buffered and put it in id order: batches of one topic can arrive out
            // of order (a client reached through several gateways), and one buffered behind another is then
            // reordered here instead of being read again from the retention.
            ready.Clear();
            var resync = false;
            while (ready.Count < PageSize && _buffer.Reader.TryRead(out var next))
            {
                if (next.Kind == ResyncKind)
                {
                    resync = true;
                }
                else
                {
                    ready.Add(next);
                }
            }

            if (resync)
            {
                await foreach (var e in CatchUpAsync(cancellationToken))
                {
                    yield return e;
                }
            }

            ready.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            foreach (var next in ready)
            {
                var last = Cursor.LastId(next.Topic);
                if (last >= next.Id)
                {
                    continue; // already handed out (a duplicate, or read from the retention)
                }

                if (next.Id == (last ?? 0) + 1)
                {
                    // The common case: the topic's next id.
                    Cursor.Advance(next.Topic, next.Id);
                    yield return next;
                    continue;
                }

                await foreach (var e in AcceptAsync(next, cancellationToken))
                {
                    yield return e;
                }
            }
        }

        if (Overflowed)
        {
            var data = JsonSerializer.Serialize(new OverflowData(
                "The subscriber fell too far behind; reconnect with the last event id to resume.", Cursor.ToString()), JsonSerializerOptions.Web);
            yield return new Event(0, "", data, DateTimeOffset.UtcNow, EventKinds.Overflow);
        }
    }

    /// <summary>A live event: handed out if it is the topic's next id, after its missing predecessors if it is ahead, dropped if already handed out.</summary>
    private async IAsyncEnumerable<Event> AcceptAsync(Event e, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = Cursor.LastId(e.Topic);
        if (last >= e.Id)
        {
            yield break;
        }

        if (last is { } after && e.Id > after + 1)
        {
            await foreach (var missed in ReadRetainedAsync(e.Topic, after, e.Id - 1, since: null, cancellationToken))
            {
                yield return missed;
            }
        }
        else if (last is null && e.Id > 1)
        {
            // First event of this topic: its predecessors published since the subscription started may still
            // be on their way through another router; take them from the retention so none is skipped.
            await foreach (var missed in ReadRetainedAsync(e.Topic, Math.Max(0, e.Id - 1 - PageSize), e.Id - 1, Cursor.Start, cancellationToken))
            {
                yield return missed;
            }
        }

        Cursor.Advance(e.Topic, e.Id);
        yield return e;
    }

    /// <summary>
    /// Everything retained that the cursor has not seen, for every known topic the patterns match: gaps first,
    /// then events. Topics the cursor names resume after their id; others from the subscription's start.
    /// </summary>
    private async IAsyncEnumerable<Event> CatchUpAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Only topics that exist: a cursor naming made-up topics must not activate a grain per name.
        var topics = await _grains.GetGrain<ITopicDirectoryGrain>(0).Match(_patternTexts).WaitAsync(cancellationToken);

        var firstPages = new List<(string Topic, EventPage Page)>();
        var gaps = new List<Event>();
        foreach (var topic in topics)
        {
            var last = Cursor.LastId(topic);
            var page = await _grains.GetGrain<ITopicGrain>(topic).ReadAfter(last ?? 0, PageSize).WaitAsync(cancellationToken);
            var lostTo = page.FirstRetainedId - 1;
            if (last is { } after ? lostTo > after : lostTo > 0 && page.Events.Length > 0 && page.Events[0].Timestamp >= Cursor.Start)
            {
                gaps.Add(Gap(topic, (last ?? 0) + 1, lostTo));
            }

            firstPages.Add((topic, page));
        }

        foreach (var gap in gaps)
        {
            yield return gap;
        }

        foreach (var (topic, page) in firstPages)
        {
            var since = Cursor.LastId(topic) is null ? Cursor.Start : (DateTimeOffset?)null;
            foreach (var e in page.Events.Where(e => since is null || e.Timestamp >= since))
            {
                Cursor.Advance(topic, e.Id);
                yield return e;
            }

            var scanned = page.Events.IsEmpty ? 0 : page.Events[^1].Id;
            if (scanned < page.LastId && !page.Events.IsEmpty)
            {
                await foreach (var e in ReadRetainedAsync(topic, scanned, page.LastId, since, cancellationToken))
                {
                    yield return e;
                }
            }
        }
    }

    /// <summary>Retained events of <paramref name="topic"/> with ids in (afterId, toId], reporting a gap where they are gone.</summary>
    private async IAsyncEnumerable<Event> ReadRetainedAsync(string topic, long afterId, long toId, DateTimeOffset? since,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var grain = _grains.GetGrain<ITopicGrain>(topic);
        while (afterId < toId)
        {
            var page = await grain.ReadAfter(afterId, (int)Math.Min(PageSize, toId - afterId)).WaitAsync(cancellationToken);
            if (since is null && page.FirstRetainedId > afterId + 1)
            {
                yield return Gap(topic, afterId + 1, Math.Min(page.FirstRetainedId - 1, toId));
            }

            if (page.Events.IsEmpty)
            {
                yield break;
            }

            foreach (var e in page.Events.Where(e => e.Id <= toId))
            {
                afterId = e.Id;
                if (since is null || e.Timestamp >= since)
                {
                    Cursor.Advance(topic, e.Id);
                    yield return e;
                }
            }

            if (page.Events[^1].Id >= toId)
            {
                yield break;
            }
        }
    }

    private static Event Gap(string topic, long from, long to) =>
        new(0, topic, JsonSerializer.Serialize(new GapData(topic, from, to), JsonSerializerOptions.Web), DateTimeOffset.UtcNow, EventKinds.Gap);

    /// <summary>Called by the observer (never waits): buffers, or cuts the subscription off when the buffer is full.</summary>
    private void Receive(ImmutableArray<Event> events)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        lock (_buffer)
        {
            foreach (var e in events)
            {
                if (!_buffer.Writer.TryWrite(e))
                {
                    Overflow();
                    return;
                }
            }
        }
    }

    private void Overflow()
    {
        if (Interlocked.Exchange(ref _overflowed, 1) == 0)
        {
            LogOverflow(_logger, Id);
            _buffer.Writer.TryComplete();
        }
    }

    /// <summary>Registers with every router; false when some router did not know the subscription (events may have been missed).</summary>
    private async Task<bool> RegisterAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_routers.Select(r =>
            _grains.GetGrain<IEventRouterGrain>(r.Key).Subscribe(Id, _reference!, r.Value).WaitAsync(cancellationToken)));
        return results.All(known => known);
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_refreshPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    if (!await RegisterAsync(cancellationToken))
                    {
                        // A router lost the registration (its silo died, or the lease lapsed): catch up from the retention.
                        LogResync(_logger, Id);
                        lock (_buffer)
                        {
                            if (!_buffer.Writer.TryWrite(new Event(0, "", "", DateTimeOffset.UtcNow, ResyncKind)) && Volatile.Read(ref _disposed) == 0)
                            {
                                Overflow();
                            }
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRefreshFailed(_logger, ex, Id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_refresh is not null)
        {
            await _refresh;
        }

        if (_reference is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Task.WhenAll(_routers.Keys.Select(r => _grains.GetGrain<IEventRouterGrain>(r).Unsubscribe(Id).WaitAsync(timeout.Token)));
            }
            catch (Exception ex)
            {
                // The routers drop it when its lease lapses.
                LogUnsubscribeFailed(_logger, ex, Id);
            }

            _grains.DeleteObjectReference<IEventObserver>(_reference);
        }

        _buffer.Writer.TryComplete();
        _stop.Dispose();
    }

    private sealed record GapData(string Topic, long From, long To);

    private sealed record OverflowData(string Reason, string LastEventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} fell too far behind; disconnecting it with an overflow event")]
    private static partial void LogOverflow(ILogger logger, Guid subscriptionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} was not known to a router; catching up from the retention")]
    private static partial void LogResync(ILogger logger, Guid subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId}: refreshing its registration failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, Guid subscriptionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Subscription {SubscriptionId}: unsubscribing failed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, Guid subscriptionId);
}

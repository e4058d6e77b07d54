using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GrainSystem.Grains.Events;

/// <summary>
/// One topic: gives each published event the next id, stores it in the topic's append-only log before
/// acknowledging, then forwards it to the routers. Not reentrant, so ids and log appends are in order;
/// forwarding runs in a pump that sends batches in id order, so a slow router call delays delivery but
/// never the publisher's acknowledgement.
/// </summary>
internal sealed partial class TopicGrain(TopicLogFactory logs, IOptions<EventsOptions> options, ILogger<TopicGrain> logger)
    : Grain, ITopicGrain
{
    private const int MaxBatch = 256;

    /// <summary>Most event data (in characters) a page read from the retention carries.</summary>
    internal const int MaxPageChars = 1 << 20;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Events waiting for the routers before the oldest are dropped (subscribers then read them from the log).</summary>
    private const int MaxOutbox = 10_000;

    private readonly Queue<Event> _outbox = new();
    private long _outboxBytes;
    private ITopicLog _log = null!;
    private long _lastId;
    private DateTimeOffset _lastTimestamp;
    private bool _registered;
    private bool _pumping;
    private Task _pump = Task.CompletedTask;
    private readonly CancellationTokenSource _deactivating = new();

    private string Topic => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await ReloadAsync() is { } last)
        {
            // The previous activation may have stored its newest event and died before forwarding it, and on a quiet
            // topic no later event would reveal it: forward it again. Subscribers drop an event they already have (by
            // id), and one that reaches them after a hole reads the hole from the retention.
            Forward(last);
        }
    }

    private async Task<Event?> ReloadAsync()
    {
        _log = logs.Create(Topic, this.GetGrainId());
        var last = await _log.LoadAsync();
        _lastId = last?.Id ?? 0;
        // A numbering that starts afresh (a new topic, or its log was lost) stamps its first event in a later
        // millisecond than this activation's, so the event is later than every event of a lost numbering: a
        // subscriber that saw the old numbering's last event in this same millisecond still tells the new ids,
        // which went back while timestamps went forward, from duplicates of the old ones.
        _lastTimestamp = last?.Timestamp ?? NowMs();
        return last;
    }

    // Millisecond precision, as stored: a live event and its copy read from the log carry the same timestamp.
    private static DateTimeOffset NowMs() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private async Task<Event> AppendAsync(string data)
    {
        var now = NowMs();
        while (_lastId == 0 && now <= _lastTimestamp)
        {
            // Once per numbering, about a millisecond at most: the clock passes the activation's millisecond.
            await Task.Delay(1);
            now = NowMs();
        }

        var e = new Event(_lastId + 1, Topic, data, now > _lastTimestamp ? now : _lastTimestamp);
        await _log.AppendAsync(e);
        return e;
    }

    public async Task<EventPublishResult> Publish(string data)
    {
        if (!EventTopic.TryValidate(Topic, out var topicError))
        {
            DeactivateOnIdle();
            return EventPublishResult.Invalid("topic", $"Topic {topicError}");
        }

        if (Encoding.UTF8.GetByteCount(data) > EventTopic.MaxDataBytes)
        {
            return EventPublishResult.Invalid("data", $"Event data must be at most {EventTopic.MaxDataBytes} bytes.");
        }

        if (!IsJson(data))
        {
            return EventPublishResult.Invalid("data", "Event data must be one JSON value.");
        }

        if (!_registered)
        {
            // Before the first event is stored, so every topic with an event is findable by resuming subscribers.
            await GrainFactory.GetGrain<ITopicDirectoryGrain>(EventRouting.DirectoryFor(Topic)).Register(Topic);
            _registered = true;
        }

        Event e;
        try
        {
            e = await AppendAsync(data);
        }
        catch (TopicLogConflictException ex)
        {
            // Another activation of this topic (a failover's duplicate) appended first. Read the log again
            // and take the next free id once; then leave, so the topic settles on one activation.
            LogConflict(logger, ex, Topic);
            DeactivateOnIdle();
            await ReloadAsync();
            try
            {
                e = await AppendAsync(data);
            }
            catch (TopicLogConflictException again)
            {
                // The other activation keeps appending: this one stored nothing and is leaving; a retry reaches that one.
                LogConflict(logger, again, Topic);
                return EventPublishResult.Unavailable("Another activation of the topic is publishing; this one is leaving. Retry.");
            }
        }

        _lastId = e.Id;
        _lastTimestamp = e.Timestamp;
        Forward(e);
        return EventPublishResult.Published(e.Id);
    }

    /// <summary>
    /// Queues <paramref name="e"/> for the routers. The queue is bounded by count and by bytes: while the routers are
    /// unreachable for long (a failover) the oldest waiting events are dropped, and live subscribers fill the hole from
    /// the log when a later event reaches them.
    /// </summary>
    private void Forward(Event e)
    {
        while (_outbox.Count > 0 && (_outbox.Count >= MaxOutbox || _outboxBytes + SizeOf(e) > options.Value.MaxOutboxBytes))
        {
            var dropped = _outbox.Dequeue();
            _outboxBytes -= SizeOf(dropped);
            LogOutboxFull(logger, Topic, dropped.Id);
        }

        _outbox.Enqueue(e);
        _outboxBytes += SizeOf(e);
        if (!_pumping)
        {
            _pumping = true;
            _pump = PumpAsync();
        }
    }

    /// <summary>What an event waiting in the outbox takes: its data as UTF-16, plus a little for the rest.</summary>
    private static long SizeOf(Event e) => (e.Data.Length * 2L) + 64;

    private static bool IsJson(string data)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(data));
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public async Task<EventPage> ReadAfter(long afterId, int maxCount)
    {
        if (_lastId == 0)
        {
            // Nothing was ever published here: do not keep an activation for a name a reader made up.
            DeactivateOnIdle();
        }

        var (events, firstRetained) = await _log.ReadAfterAsync(afterId, Math.Clamp(maxCount, 1, 1000), _lastId);
        // Bounded in bytes too (at least one event), so a page of large events stays a small message.
        var page = ImmutableArray.CreateBuilder<Event>(events.Count);
        var bytes = 0L;
        foreach (var e in events)
        {
            bytes += e.Data.Length;
            if (page.Count > 0 && bytes > MaxPageChars)
            {
                break;
            }

            page.Add(e);
        }

        return new EventPage(page.ToImmutable(), firstRetained, _lastId);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Give queued deliveries a chance; subscribers fill any loss from the log when the next event arrives.
        try
        {
            await _pump.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Deactivation is being forced; the log still has everything. Stop retrying.
            await _deactivating.CancelAsync();
        }
    }

    /// <summary>Runs on the grain's scheduler, interleaved with publishes at its awaits; one batch at a time, in id order.</summary>
    private async Task PumpAsync()
    {
        try
        {
            var (word, wildcard) = EventRouting.RoutersFor(Topic);
            var wordRouter = GrainFactory.GetGrain<IEventRouterGrain>(word);
            var wildcardRouter = GrainFactory.GetGrain<IEventRouterGrain>(wildcard);
            while (_outbox.Count > 0)
            {
                var batch = ImmutableArray.CreateBuilder<Event>(Math.Min(_outbox.Count, MaxBatch));
                while (_outbox.Count > 0 && batch.Count < MaxBatch)
                {
                    var next = _outbox.Dequeue();
                    _outboxBytes -= SizeOf(next);
                    batch.Add(next);
                }

                await DeliverAsync(wordRouter, wildcardRouter, batch.MoveToImmutable());
            }
        }
        finally
        {
            _pumping = false;
        }
    }

    /// <summary>
    /// Retries with capped backoff until the routers take the batch: a batch is never given up while the
    /// routers are away (a quiet topic would then not deliver it live at all); only the bounded outbox drops
    /// the oldest waiting events when it overflows.
    /// </summary>
    private async Task DeliverAsync(IEventRouterGrain wordRouter, IEventRouterGrain wildcardRouter, ImmutableArray<Event> batch)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Task.WhenAll(wordRouter.Deliver(batch), wildcardRouter.Deliver(batch));
                return;
            }
            catch (Exception ex)
            {
                LogDeliveryRetry(logger, ex, Topic, attempt);
            }

            try
            {
                await Task.Delay(delay, _deactivating.Token);
            }
            catch (OperationCanceledException)
            {
                // Deactivated by force: live subscribers fill the hole from the log when the topic's next event reaches them.
                LogDeliveryDropped(logger, Topic, batch[0].Id, batch[^1].Id);
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic}: another activation appended first; reloading the log and deactivating")]
    private static partial void LogConflict(ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic}: too many events wait for the routers; event {EventId} will reach subscribers from the log")]
    private static partial void LogOutboxFull(ILogger logger, string topic, long eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic}: forwarding to the routers failed (attempt {Attempt}); retrying")]
    private static partial void LogDeliveryRetry(ILogger logger, Exception exception, string topic, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Topic {Topic}: events {FromId}..{ToId} not forwarded live; subscribers will read them from the log")]
    private static partial void LogDeliveryDropped(ILogger logger, string topic, long fromId, long toId);
}

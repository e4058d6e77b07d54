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
/// forwarding runs in a pump (<see cref="TopicForwarder"/>) that sends batches in id order, so a slow router call
/// delays delivery but never the publisher's acknowledgement. A failed store call is answered as a status, never an
/// exception: refused when nothing was sent, outcome unknown when it was sent and may have landed.
/// </summary>
internal sealed partial class TopicGrain(TopicLogFactory logs, IOptions<EventsOptions> options, ILogger<TopicGrain> logger)
    : Grain, ITopicGrain
{
    /// <summary>Most event data (in characters) a page read from the retention carries.</summary>
    internal const int MaxPageChars = 1 << 20;

    private ITopicLog _log = null!;
    private TopicForwarder _forwarder = null!;
    private PublishKeyIndex _keys = null!;
    private long _lastId;
    private DateTimeOffset _lastTimestamp;
    private bool _registered;

    /// <summary>A store call whose outcome is unknown was made: read the log again before the next append.</summary>
    private bool _stale;

    private string Topic => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _forwarder = new TopicForwarder(GrainFactory, Topic, options.Value.MaxOutboxBytes, logger);
        _keys = new PublishKeyIndex(options.Value.RetainPerTopic);
        if (await ReloadAsync() is { } last)
        {
            // The previous activation may have stored its newest event and died before forwarding it, and on a quiet
            // topic no later event would reveal it: forward it again. Subscribers drop an event they already have (by
            // id), and one that reaches them after a hole reads the hole from the retention.
            _forwarder.Forward(last);
        }
    }

    private async Task<Event?> ReloadAsync()
    {
        _log = logs.Create(Topic, this.GetGrainId());
        var last = await _log.LoadAsync();
        if ((last?.Id ?? 0) < _lastId)
        {
            // The log went back (lost): its keys are read afresh with its new numbering.
            _keys.Reset();
        }

        _lastId = last?.Id ?? 0;
        // A numbering that starts afresh (a new topic, or its log was lost) stamps its first event in a later
        // millisecond than this activation's, so the event is later than every event of a lost numbering: a
        // subscriber that saw the old numbering's last event in this same millisecond still tells the new ids,
        // which went back while timestamps went forward, from duplicates of the old ones.
        _lastTimestamp = last?.Timestamp ?? NowMs();
        _stale = false;
        return last;
    }

    // Millisecond precision, as stored: a live event and its copy read from the log carry the same timestamp.
    private static DateTimeOffset NowMs() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public async Task<EventPublishResult> Publish(string data, EventPublishKey? key = null) =>
        Validate(data, key) ?? await PrepareAsync(key) ?? await StoreAsync(data, key);

    /// <summary>
    /// What comes before the append: registering the topic, reading the log again after an unknown outcome, and
    /// looking up the key. Returns the answer when one is due already (the key's first outcome, or refused when the
    /// store cannot be read: nothing of this publish was sent to it), null to go on and append.
    /// </summary>
    private async Task<EventPublishResult?> PrepareAsync(EventPublishKey? key)
    {
        try
        {
            if (!_registered)
            {
                // Before the first event is stored, so every topic with an event is findable by resuming subscribers.
                await GrainFactory.GetGrain<ITopicDirectoryGrain>(EventRouting.DirectoryFor(Topic)).Register(Topic);
                _registered = true;
            }

            if (_stale)
            {
                // An earlier append may have landed after its answer was lost: learn the log's top (and its keys) first,
                // and forward what landed (its newest event: subscribers read any hole before it from the retention),
                // or a quiet topic would never deliver it live.
                var before = _lastId;
                if (await ReloadAsync() is { } last && last.Id > before)
                {
                    _forwarder.Forward(last);
                }
            }

            return await FindAsync(key);
        }
        catch (Exception ex)
        {
            LogStoreFailed(logger, ex, Topic, "refused");
            return EventPublishResult.Unavailable($"The topic's store is unreachable ({ex.GetType().Name}).");
        }
    }

    private EventPublishResult? Validate(string data, EventPublishKey? key)
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

        if (key is not null && (key.Key.Length is 0 or > EventPublishKey.MaxLength || key.Fingerprint.Length > EventPublishKey.MaxLength))
        {
            return EventPublishResult.Invalid("Idempotency-Key", $"A publish key is 1 to {EventPublishKey.MaxLength} characters.");
        }

        return IsJson(data) ? null : EventPublishResult.Invalid("data", "Event data must be one JSON value.");
    }

    /// <summary>The first outcome of a publish under <paramref name="key"/> still retained, reading keys not indexed yet.</summary>
    private async Task<EventPublishResult?> FindAsync(EventPublishKey? key)
    {
        if (key is null)
        {
            return null;
        }

        if (_keys.IndexedThrough < _lastId)
        {
            _keys.AddRead(await _log.ReadKeysAfterAsync(Math.Max(_keys.IndexedThrough, 0)), _lastId);
        }

        return _keys.Find(key.Key, key.Retention, DateTimeOffset.UtcNow) switch
        {
            null => null,
            { } record when record.Fingerprint == key.Fingerprint => EventPublishResult.Published(record.Id),
            _ => EventPublishResult.KeyReused(),
        };
    }

    private async Task<EventPublishResult> StoreAsync(string data, EventPublishKey? key)
    {
        for (var attempt = 1; ; attempt++)
        {
            Event e;
            try
            {
                e = await AppendAsync(data, key);
            }
            catch (TopicLogConflictException ex) when (attempt == 1)
            {
                // Another activation of this topic (a failover's duplicate) appended first. Read the log again and take
                // the next free id once (unless the key's publish is among what was stored); then leave, so the topic
                // settles on one activation.
                LogConflict(logger, ex, Topic);
                DeactivateOnIdle();
                _stale = true;
                if (await PrepareAsync(key) is { } answer)
                {
                    return answer;
                }

                continue;
            }
            catch (TopicLogConflictException again)
            {
                // The other activation keeps appending: this one stored nothing and is leaving; a retry reaches that one.
                LogConflict(logger, again, Topic);
                return EventPublishResult.Unavailable("Another activation of the topic is publishing; this one is leaving. Retry.");
            }
            catch (Exception ex)
            {
                return Failed(ex);
            }

            _lastId = e.Id;
            _lastTimestamp = e.Timestamp;
            _keys.Stored(key is null ? null : new PublishRecord(key.Key, key.Fingerprint, e.Id, e.Timestamp), e.Id);
            _forwarder.Forward(e);
            return EventPublishResult.Published(e.Id);
        }
    }

    private async Task<Event> AppendAsync(string data, EventPublishKey? key)
    {
        var now = NowMs();
        while (_lastId == 0 && now <= _lastTimestamp)
        {
            // Once per numbering, about a millisecond at most: the clock passes the activation's millisecond.
            await Task.Delay(1);
            now = NowMs();
        }

        var e = new Event(_lastId + 1, Topic, data, now > _lastTimestamp ? now : _lastTimestamp);
        await _log.AppendAsync(e, key);
        return e;
    }

    /// <summary>An append that failed: refused when the store says nothing was sent, else it may have landed.</summary>
    private EventPublishResult Failed(Exception ex)
    {
        if (TopicStoreFailure.NothingSent(ex))
        {
            LogStoreFailed(logger, ex, Topic, "refused");
            return EventPublishResult.Unavailable($"The topic's store refused the event ({ex.GetType().Name}).");
        }

        // The next publish reads the log's top first, so it neither reuses an id nor misses this key if it landed.
        _stale = true;
        LogStoreFailed(logger, ex, Topic, "outcome unknown");
        return EventPublishResult.OutcomeUnknown($"The store call was sent and its answer lost ({ex.GetType().Name}); the event may be stored.");
    }

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

    // Give queued deliveries a chance; subscribers fill any loss from the log when the next event arrives.
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _forwarder.DrainAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic}: another activation appended first; reloading the log and deactivating")]
    private static partial void LogConflict(ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic}: storing an event failed; answered {Answer}")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string topic, string answer);
}

using GrainSystem.Abstractions.Events;
using GrainSystem.Client.Events;

namespace GrainSystem.Api.Resp.PubSub;

/// <summary>
/// Pub/sub of this API instance's RESP connections on the event bus. Each distinct bus pattern has one shared feed
/// (<see cref="PubSubFeed"/>): a channel's is its topic; a glob pattern's comes from its literal prefix (the whole
/// words before its first wildcard, then <c>#</c>), so the bus routes it like any subscription by its first word. An
/// event from a feed goes to the channel's subscribers (when the feed is that channel's) and to the glob patterns
/// of that feed whose literal prefix begins the channel (a prefix index finds them) and that match it exactly
/// (<see cref="RespGlob"/>). No event is offered to a pattern whose prefix does not begin its channel.
/// </summary>
internal sealed partial class RespPubSubHub(IEventClient events, ILogger<RespPubSubHub> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PubSubFeed> _feeds = [];
    private readonly Dictionary<byte[], List<RespSubscriber>> _channels = new(BytesComparer.Instance);
    private readonly Dictionary<byte[], List<GlobRegistration>> _patterns = new(BytesComparer.Instance);
    private readonly PrefixIndex<GlobRegistration> _globs = new();

    /// <summary>Channels with at least one subscriber here (INFO's <c>pubsub_channels</c>).</summary>
    public int ChannelCount
    {
        get
        {
            lock (_gate)
            {
                return _channels.Count;
            }
        }
    }

    /// <summary>Distinct patterns subscribed here (INFO's <c>pubsub_patterns</c>).</summary>
    public int PatternCount
    {
        get
        {
            lock (_gate)
            {
                return _patterns.Count;
            }
        }
    }

    /// <summary>Subscribes to <paramref name="channel"/>; false when the channel is too long to be a topic.</summary>
    public async ValueTask<bool> SubscribeAsync(RespSubscriber subscriber, byte[] channel)
    {
        if (!ChannelTopics.TryGetTopic(channel, out var topic))
        {
            return false;
        }

        await AcquireFeedAsync(topic);
        lock (_gate)
        {
            Listed(_channels, channel).Add(subscriber);
        }

        return true;
    }

    public void Unsubscribe(RespSubscriber subscriber, byte[] channel)
    {
        lock (_gate)
        {
            Unlist(_channels, channel, subscriber);
        }

        if (ChannelTopics.TryGetTopic(channel, out var topic))
        {
            ReleaseFeed(topic);
        }
    }

    /// <summary>Subscribes to the glob <paramref name="pattern"/>; false when its bus pattern cannot be made.</summary>
    public async ValueTask<bool> PSubscribeAsync(RespSubscriber subscriber, byte[] pattern)
    {
        var prefix = RespGlob.LiteralPrefix(pattern, out var whole);
        string feed;
        if (whole)
        {
            if (!ChannelTopics.TryGetTopic(prefix, out feed))
            {
                return false;
            }
        }
        else
        {
            feed = ChannelTopics.PatternForPrefix(prefix);
        }

        await AcquireFeedAsync(feed);
        var registration = new GlobRegistration(pattern, prefix, feed, subscriber);
        lock (_gate)
        {
            Listed(_patterns, pattern).Add(registration);
            _globs.Add(prefix, registration);
        }

        return true;
    }

    public void PUnsubscribe(RespSubscriber subscriber, byte[] pattern)
    {
        GlobRegistration? registration;
        lock (_gate)
        {
            registration = _patterns.TryGetValue(pattern, out var list) ? list.Find(r => r.Subscriber == subscriber) : null;
            if (registration is null)
            {
                return;
            }

            Unlist(_patterns, pattern, registration);
            _globs.Remove(registration.Prefix, registration);
        }

        ReleaseFeed(registration.FeedPattern);
    }

    /// <summary>Publishes <paramref name="message"/> on <paramref name="channel"/>: the RESP subscribers here it reaches, or the error reply.</summary>
    public async Task<(long Receivers, string? Error)> PublishAsync(byte[] channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (!ChannelTopics.TryGetTopic(channel, out var topic))
        {
            return (0, $"ERR channel name too long for the event bus (topics have at most {EventTopic.MaxLength} characters)");
        }

        if (!EventPayloads.TryEncode(message.Span, out var data))
        {
            return (0, $"ERR message too large for the event bus (event data is at most {EventTopic.MaxDataBytes} bytes of JSON)");
        }

        var result = await events.PublishAsync(topic, data, cancellationToken);
        return result.Status == EventPublishStatus.Published ? (ReceiversOf(channel), null) : (0, "ERR " + result.Error);
    }

    /// <summary>The subscriptions here a message on <paramref name="channel"/> reaches, each channel and matching pattern once per connection.</summary>
    public long ReceiversOf(byte[] channel)
    {
        var candidates = new List<GlobRegistration>();
        lock (_gate)
        {
            var receivers = _channels.TryGetValue(channel, out var subscribers) ? subscribers.Count : 0;
            _globs.Collect(channel, candidates);
            return receivers + candidates.Count(g => RespGlob.IsMatch(g.Pattern, channel));
        }
    }

    private void Deliver(PubSubFeed feed, Event e)
    {
        var channel = ChannelTopics.ChannelOf(e.Topic);
        var payload = EventPayloads.Decode(e.Data);
        var candidates = new List<GlobRegistration>();
        lock (_gate)
        {
            if (string.Equals(feed.Pattern, e.Topic, StringComparison.Ordinal) && _channels.TryGetValue(channel, out var subscribers))
            {
                var message = new PubSubMessage(null, channel, payload);
                subscribers.ForEach(s => s.Enqueue(message));
            }

            _globs.Collect(channel, candidates);
            foreach (var glob in candidates)
            {
                if (string.Equals(glob.FeedPattern, feed.Pattern, StringComparison.Ordinal) && RespGlob.IsMatch(glob.Pattern, channel))
                {
                    glob.Subscriber.Enqueue(new PubSubMessage(glob.Pattern, channel, payload));
                }
            }
        }
    }

    private async ValueTask AcquireFeedAsync(string pattern)
    {
        PubSubFeed? feed;
        lock (_gate)
        {
            if (!_feeds.TryGetValue(pattern, out feed))
            {
                _feeds[pattern] = feed = new PubSubFeed(pattern, events, Deliver, logger);
                feed.Open();
            }

            feed.References++;
        }

        try
        {
            await feed.Opened;
        }
        catch
        {
            ReleaseFeed(pattern);
            throw;
        }
    }

    /// <summary>Drops a reference to a feed; the last one closes it in the background (an UNSUBSCRIBE never waits for the bus).</summary>
    private void ReleaseFeed(string pattern)
    {
        PubSubFeed? closing = null;
        lock (_gate)
        {
            if (_feeds.TryGetValue(pattern, out var feed) && --feed.References == 0)
            {
                _feeds.Remove(pattern);
                closing = feed;
            }
        }

        if (closing is not null)
        {
            _ = CloseAsync(closing);
        }
    }

    private async Task CloseAsync(PubSubFeed feed)
    {
        try
        {
            await feed.CloseAsync();
        }
        catch (Exception ex)
        {
            LogCloseFailed(logger, ex, feed.Pattern);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the RESP pub/sub feed {Pattern} failed")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception, string pattern);

    private static List<T> Listed<T>(Dictionary<byte[], List<T>> map, byte[] key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        return list;
    }

    private static void Unlist<T>(Dictionary<byte[], List<T>> map, byte[] key, T item)
    {
        if (map.TryGetValue(key, out var list) && list.Remove(item) && list.Count == 0)
        {
            map.Remove(key);
        }
    }
}

using GrainSystem.Api.Resp.Protocol;
using GrainSystem.Api.Resp.PubSub;
using static GrainSystem.Api.Resp.Commands.RespCommandFlags;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>PUBLISH, SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE on the event bus, with Redis's replies.</summary>
internal static class PubSubCommands
{
    public static IEnumerable<RespCommandSpec> Specs =>
    [
        new("PUBLISH", 3, Fast | Cluster, 0, 0, 0, "pubsub", "2.0.0", "Posts a message to a channel.", Publish),
        new("SUBSCRIBE", -2, Subscribed | Cluster, 0, 0, 0, "pubsub", "2.0.0", "Listens for messages published to channels.", Subscribe),
        new("UNSUBSCRIBE", -1, Subscribed, 0, 0, 0, "pubsub", "2.0.0", "Stops listening to messages posted to channels.", Unsubscribe),
        new("PSUBSCRIBE", -2, Subscribed | Cluster, 0, 0, 0, "pubsub", "2.0.0", "Listens for messages published to channels that match one or more patterns.", PSubscribe),
        new("PUNSUBSCRIBE", -1, Subscribed, 0, 0, 0, "pubsub", "2.0.0", "Stops listening to messages published to channels that match one or more patterns.", PUnsubscribe),
    ];

    private static async ValueTask Publish(RespSession session, RespCommand command)
    {
        var (receivers, error) = await session.Services.PubSub.PublishAsync(command[1].ToArray(), command.Memory(2), session.Closed);
        if (error is null)
        {
            session.Reply.Integer(receivers);
        }
        else
        {
            session.Reply.Error(error);
        }
    }

    private static async ValueTask Subscribe(RespSession session, RespCommand command)
    {
        var subscriber = SubscriberOf(session);
        for (var i = 1; i < command.Count; i++)
        {
            var channel = command[i].ToArray();
            if (!subscriber.HasChannel(channel))
            {
                if (!await session.Services.PubSub.SubscribeAsync(subscriber, channel))
                {
                    session.Reply.Error("ERR channel name too long for the event bus");
                    continue;
                }

                subscriber.AddChannel(channel);
            }

            Confirm(session, "subscribe"u8, channel, subscriber.Count);
        }
    }

    private static async ValueTask PSubscribe(RespSession session, RespCommand command)
    {
        var subscriber = SubscriberOf(session);
        for (var i = 1; i < command.Count; i++)
        {
            var pattern = command[i].ToArray();
            if (!subscriber.HasPattern(pattern))
            {
                if (!await session.Services.PubSub.PSubscribeAsync(subscriber, pattern))
                {
                    session.Reply.Error("ERR pattern too long for the event bus");
                    continue;
                }

                subscriber.AddPattern(pattern);
            }

            Confirm(session, "psubscribe"u8, pattern, subscriber.Count);
        }
    }

    private static ValueTask Unsubscribe(RespSession session, RespCommand command) =>
        Leave(session, command, "unsubscribe"u8, s => s.Channels, (s, c) => s.RemoveChannel(c), session.Services.PubSub.Unsubscribe);

    private static ValueTask PUnsubscribe(RespSession session, RespCommand command) =>
        Leave(session, command, "punsubscribe"u8, s => s.Patterns, (s, p) => s.RemovePattern(p), session.Services.PubSub.PUnsubscribe);

    /// <summary>
    /// UNSUBSCRIBE and PUNSUBSCRIBE: the names given (subscribed or not), or every one held; with none held and none
    /// given, one confirmation with a null name, as Redis.
    /// </summary>
    private static ValueTask Leave(RespSession session, RespCommand command, ReadOnlySpan<byte> kind,
        Func<RespSubscriber, IEnumerable<byte[]>> held, Func<RespSubscriber, byte[], bool> remove,
        Action<RespSubscriber, byte[]> unregister)
    {
        var subscriber = SubscriberOf(session);
        var names = command.Count > 1
            ? [.. Enumerable.Range(1, command.Count - 1).Select(i => command[i].ToArray())]
            : held(subscriber).ToList();
        if (names.Count == 0)
        {
            Confirm(session, kind, null, subscriber.Count);
            return default;
        }

        foreach (var name in names)
        {
            if (remove(subscriber, name))
            {
                unregister(subscriber, name);
            }

            Confirm(session, kind, name, subscriber.Count);
        }

        return default;
    }

    private static RespSubscriber SubscriberOf(RespSession session) =>
        session.Subscriber ??= new RespSubscriber(session.Services.PubSub, session.WakeForMessages, session.Disconnect);

    private static void Confirm(RespSession session, ReadOnlySpan<byte> kind, byte[]? name, int count)
    {
        var reply = session.Reply;
        reply.Push(3);
        reply.Bulk(kind);
        if (name is null)
        {
            reply.Null();
        }
        else
        {
            reply.Bulk(name);
        }

        reply.Integer(count);
    }
}

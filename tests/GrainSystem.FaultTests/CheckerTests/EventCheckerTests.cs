using GrainSystem.FaultTests.Checkers.Events;
using GrainSystem.FaultTests.History;
using static GrainSystem.FaultTests.CheckerTests.CacheHistory;

namespace GrainSystem.FaultTests.CheckerTests;

public sealed class EventCheckerTests
{
    private const string Topic = "f.a";
    private const int Retain = 100;

    private static PublishOp Published(long id, double at, Outcome outcome = Outcome.Ok, string topic = Topic) =>
        new(1, topic, $"m{id}{topic}", outcome, outcome == Outcome.Ok ? id : 0, T(at), T(at + 0.1));

    private static Delivery Got(long id, double at, int connection = 1, string topic = Topic, string? marker = null) =>
        new(topic, id, marker ?? $"m{id}{topic}", T(at), connection);

    private static SubscriberLog Subscriber(params Delivery[] deliveries)
    {
        var log = new SubscriberLog("s", ["f.*"]) { SubscribedAt = 0 };
        foreach (var delivery in deliveries)
        {
            log.Add(delivery);
        }

        return log;
    }

    private static PublishOp[] Acked(int count) => [.. Enumerable.Range(1, count).Select(i => Published(i, i))];

    public static TheoryData<string, PublishOp[], SubscriberLog> BrokenSystems => new()
    {
        { "a hole: id 2 never delivered", Acked(3), Subscriber(Got(1, 1.5), Got(3, 3.5)) },
        { "an event delivered twice across a resume", Acked(3), Subscriber(Got(1, 1.5), Got(2, 2.5), Got(2, 4, connection: 2), Got(3, 4)) },
        { "events out of order", Acked(3), Subscriber(Got(2, 2.5), Got(1, 2.6), Got(3, 3.5)) },
        { "a gap for ids still retained", Acked(3), Subscriber(Got(1, 1.5), new Delivery(Topic, 0, null, T(4), 2, IsGap: true, GapFrom: 2, GapTo: 2), Got(3, 4)) },
        { "an acknowledged event never delivered (stored just before its silo died, a quiet topic)", Acked(3), Subscriber(Got(1, 1.5), Got(2, 2.5)) },
        { "a publish answered 'nothing changed' was stored", [Published(1, 1), Published(2, 2, Outcome.Failed)],
            Subscriber(Got(1, 1.5), Got(2, 2.5)) },
        { "a retried publish stored twice", [Published(1, 1), Published(2, 2)], Subscriber(Got(1, 1.5), Got(2, 2.5), Got(3, 3, marker: "m2f.a")) },
        { "an event of a topic the patterns do not match", [Published(1, 1, topic: "g.a")], Subscriber(Got(1, 1.5, topic: "g.a")) },
        { "an event with data nobody published", Acked(1), Subscriber(Got(1, 1.5, marker: "forged")) },
    };

    [Theory]
    [MemberData(nameof(BrokenSystems))]
    public void A_history_of_a_broken_event_bus_is_rejected(string broken, PublishOp[] publishes, SubscriberLog subscriber) =>
        Assert.True(EventChecker.Check(publishes, [subscriber], Retain).Anomalies.Count > 0, $"accepted: {broken}");

    [Fact]
    public void Delivery_in_order_across_a_resume_is_accepted_and_earlier_events_are_not_required()
    {
        var publishes = Acked(4);
        var late = new SubscriberLog("late", ["f.#"]) { SubscribedAt = T(2.5) };
        late.Add(Got(3, 3.5));
        late.Add(Got(4, 4.5, connection: 2));

        var result = EventChecker.Check(publishes, [Subscriber(Got(1, 1.5), Got(2, 2.5), Got(3, 6, connection: 2), Got(4, 6, connection: 2)), late], Retain);

        Assert.Empty(result.Anomalies);
    }

    [Fact]
    public void A_gap_for_ids_beyond_the_retention_is_accepted()
    {
        var publishes = Acked(Retain + 10);
        var log = Subscriber(Got(1, 1.5), new Delivery(Topic, 0, null, T(Retain + 11), 2, IsGap: true, GapFrom: 2, GapTo: 5));
        foreach (var id in Enumerable.Range(6, Retain + 5))
        {
            log.Add(Got(id, Retain + 11));
        }

        Assert.Empty(EventChecker.Check(publishes, [log], Retain).Anomalies);
    }

    [Theory]
    [InlineData("#", "a.b.c", true)]
    [InlineData("a.#", "a", true)]
    [InlineData("#.c", "x.y.c", true)]
    [InlineData("a.#.c", "a.c", true)]
    [InlineData("a.*", "a.b.c", false)]
    [InlineData("*.b", "a.b", true)]
    [InlineData("a.*.c", "a.c", false)]
    public void Topics_match_patterns_as_in_RabbitMQ(string pattern, string topic, bool matches) =>
        Assert.Equal(matches, TopicMatch.Matches(pattern, topic));
}

using GrainSystem.Abstractions.Events;

namespace GrainSystem.Tests.Events;

[Collection(EventsClusterCollection.Name)]
public sealed class EventWildcardRoutingTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task Patterns_starting_with_a_wildcard_receive_events_through_the_wildcard_router()
    {
        var leaf = $"w{Guid.NewGuid():N}";
        var topic = $"orders.{leaf}";
        await using var star = await fixture.Events.OpenAsync([$"*.{leaf}"]);
        await using var hash = await fixture.Events.OpenAsync([$"#.{leaf}.#"]);

        await fixture.PublishNumbersAsync(topic, 20);

        Assert.Equal(Ids(20), (await star.TakeAsync(20)).Select(e => e.Id));
        Assert.Equal(Ids(20), (await hash.TakeAsync(20)).Select(e => e.Id));
    }

    [Fact]
    public async Task A_subscription_held_by_two_routers_gets_each_event_once_in_order()
    {
        // `#.leaf` lives in the wildcard router, `root.*` in the router of `root`: both match `root.leaf`.
        var root = $"r{Guid.NewGuid():N}";
        var topic = $"{root}.leaf";
        await using var both = await fixture.Events.OpenAsync(["#.leaf", $"{root}.*"]);
        Assert.NotEqual(EventRouting.RouterFor(TopicPattern.Parse("#.leaf")), EventRouting.RouterFor(TopicPattern.Parse($"{root}.*")));

        await fixture.PublishNumbersAsync(topic, 50);

        // Other tests' topics ending in `.leaf` may match too: only this topic's events are checked.
        var received = new List<Event>();
        using var timeout = new CancellationTokenSource(EventStreams.Deadline);
        await foreach (var e in both.ReadAllAsync(timeout.Token))
        {
            if (e.Topic == topic)
            {
                received.Add(e);
            }

            if (received.Count == 50)
            {
                break;
            }
        }

        Assert.Equal(Ids(50), received.Select(e => e.Id));
        var late = await fixture.Events.PublishAsync(topic, "51");
        Assert.Equal(51, late.Id);
        Assert.Equal(51, (await both.TakeAsync(1)).Single(e => e.Topic == topic).Id);
    }

    private static IEnumerable<long> Ids(int count) => Enumerable.Range(1, count).Select(i => (long)i);
}

using System.Text.Json;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Tests.Events;

[Collection(EventsClusterCollection.Name)]
public sealed class EventResumeTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task Resuming_with_the_last_event_id_delivers_every_missed_event_once_then_live_ones()
    {
        var root = EventStreams.UniqueTopic("resume");
        string[] topics = [$"{root}.a", $"{root}.b"];
        string cursor;
        List<Event> seen;
        await using (var subscription = await fixture.Events.OpenAsync([$"{root}.*"]))
        {
            foreach (var topic in topics)
            {
                for (var i = 0; i < 5; i++)
                {
                    await fixture.Events.PublishAsync(topic, $"{i}");
                }
            }

            seen = await subscription.TakeAsync(7);
            Assert.Equal(7, seen.Count);
            cursor = subscription.Cursor.ToString();
        }

        // Published while disconnected, including a topic the subscription never saw.
        var newTopic = $"{root}.c";
        foreach (var topic in topics.Append(newTopic))
        {
            for (var i = 0; i < 10; i++)
            {
                await fixture.Events.PublishAsync(topic, $"{i}");
            }
        }

        await using var resumed = await fixture.Events.OpenAsync([$"{root}.*"], cursor);
        var live = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await fixture.Events.PublishAsync(topics[0], "\"live\"");
            }
        });

        // 3 left of the first 10, 30 published while away, 3 live.
        var received = await resumed.TakeAsync(3 + 30 + 3);
        await live;
        Assert.DoesNotContain(received, e => !e.IsPublished);
        Assert.Equal(received.Count, received.Select(e => (e.Topic, e.Id)).Distinct().Count());
        // Per topic, what was seen before plus what the resumed subscription got is every id once.
        foreach (var (topic, count) in new[] { (topics[0], 18), (topics[1], 15), (newTopic, 10) })
        {
            var ids = seen.Concat(received).Where(e => e.Topic == topic).Select(e => e.Id);
            Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), ids.Order());
        }

        foreach (var byTopic in received.GroupBy(e => e.Topic))
        {
            Assert.Equal(byTopic.Select(e => e.Id).Order(), byTopic.Select(e => e.Id));
        }

        Assert.Equal(18, resumed.Cursor.LastId(topics[0]));
        Assert.Equal(15, resumed.Cursor.LastId(topics[1]));
        Assert.Equal(10, resumed.Cursor.LastId(newTopic));
    }

    [Fact]
    public async Task Resuming_after_the_retention_window_passed_starts_with_a_gap_event()
    {
        var topic = EventStreams.UniqueTopic("gap");
        string cursor;
        await using (var subscription = await fixture.Events.OpenAsync([topic]))
        {
            await fixture.Events.PublishAsync(topic, "0");
            await subscription.TakeAsync(1);
            cursor = subscription.Cursor.ToString();
        }

        var missed = EventsClusterFixture.RetainPerTopic + 30;
        for (var i = 0; i < missed; i++)
        {
            await fixture.Events.PublishAsync(topic, $"{i}");
        }

        await using var resumed = await fixture.Events.OpenAsync([topic], cursor);
        var received = await resumed.TakeAsync(1 + EventsClusterFixture.RetainPerTopic);

        var gap = received[0];
        Assert.Equal(EventKinds.Gap, gap.Kind);
        Assert.Equal(topic, gap.Topic);
        var lastId = 1 + missed;
        var firstRetained = lastId - EventsClusterFixture.RetainPerTopic + 1;
        using var data = JsonDocument.Parse(gap.Data);
        Assert.Equal(2, data.RootElement.GetProperty("from").GetInt64());
        Assert.Equal(firstRetained - 1, data.RootElement.GetProperty("to").GetInt64());
        Assert.Equal(Enumerable.Range(firstRetained, EventsClusterFixture.RetainPerTopic).Select(i => (long)i),
            received.Skip(1).Select(e => e.Id));
    }

    [Fact]
    public async Task A_subscription_whose_router_registration_was_lost_catches_up_from_the_retention()
    {
        var topic = EventStreams.UniqueTopic("lostrouter");
        await using var subscription = await fixture.Events.OpenAsync([topic]);
        await fixture.Events.PublishAsync(topic, "1");
        await subscription.TakeAsync(1);

        // The router forgets every registration, as when its silo dies.
        var (word, _) = EventRouting.RoutersFor(topic);
        await fixture.Cluster.Client.GetGrain<IEventRouterGrain>(word).Unsubscribe(subscription.Id);
        for (var i = 0; i < 5; i++)
        {
            await fixture.Events.PublishAsync(topic, $"{i}");
        }

        var received = await subscription.TakeAsync(5);
        Assert.Equal([2L, 3, 4, 5, 6], received.Select(e => e.Id));
    }
}

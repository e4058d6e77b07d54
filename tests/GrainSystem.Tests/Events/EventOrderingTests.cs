using GrainSystem.Abstractions.Events;

namespace GrainSystem.Tests.Events;

[Collection(EventsClusterCollection.Name)]
public sealed class EventOrderingTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task Each_subscriber_receives_a_topics_events_in_id_order_under_concurrent_publishers()
    {
        var topic = EventStreams.UniqueTopic("ordering");
        await using var first = await fixture.Events.OpenAsync([topic]);
        await using var second = await fixture.Events.OpenAsync(["ordering.#"]);
        const int publishers = 8, perPublisher = 25;

        var reading = Task.WhenAll(first.TakeAsync(publishers * perPublisher), second.TakeAsync(publishers * perPublisher));
        var ids = await Task.WhenAll(Enumerable.Range(0, publishers).Select(async p =>
        {
            var mine = new List<long>();
            for (var i = 0; i < perPublisher; i++)
            {
                var result = await fixture.Events.PublishAsync(topic, $"{{\"publisher\":{p},\"n\":{i}}}");
                Assert.True(result.Status == EventPublishStatus.Published, result.Error);
                mine.Add(result.Id);
            }

            return mine;
        }));

        // Ids are unique and dense: 1..N, and each publisher's own ids increase.
        Assert.Equal(Enumerable.Range(1, publishers * perPublisher).Select(i => (long)i), ids.SelectMany(i => i).Order());
        Assert.All(ids, mine => Assert.Equal(mine.Order(), mine));

        foreach (var received in await reading)
        {
            Assert.All(received, e => Assert.Equal(topic, e.Topic));
            Assert.Equal(Enumerable.Range(1, publishers * perPublisher).Select(i => (long)i), received.Select(e => e.Id));
        }
    }

    [Fact]
    public async Task A_wildcard_subscription_receives_every_matching_topic_in_order_and_no_other()
    {
        var root = EventStreams.UniqueTopic("multi");
        await using var subscription = await fixture.Events.OpenAsync([$"{root}.*.created"]);
        string[] topics = [$"{root}.user.created", $"{root}.order.created", $"{root}.order.deleted", $"{root}.user.created.eu"];

        await Task.WhenAll(topics.Select(async topic =>
        {
            for (var i = 0; i < 20; i++)
            {
                await fixture.Events.PublishAsync(topic, "{}");
            }
        }));

        var received = await subscription.TakeAsync(40);
        Assert.All(received, e => Assert.EndsWith(".created", e.Topic));
        Assert.Equal(2, received.Select(e => e.Topic).Distinct().Count());
        foreach (var byTopic in received.GroupBy(e => e.Topic))
        {
            Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), byTopic.Select(e => e.Id));
        }
    }

    [Fact]
    public async Task Publishing_an_oversized_or_non_json_event_is_refused_and_stores_nothing()
    {
        var topic = EventStreams.UniqueTopic("limits");
        var refused = await fixture.Events.PublishAsync(topic, "\"" + new string('x', EventTopic.MaxDataBytes) + "\"");
        Assert.Equal(EventPublishStatus.Invalid, refused.Status);
        Assert.Equal("data", refused.Field);

        var accepted = await fixture.Events.PublishAsync(topic, "1");
        Assert.Equal(1, accepted.Id);
        Assert.Equal(EventPublishStatus.Invalid, (await fixture.Events.PublishAsync("a..b", "1")).Status);
        var notJson = await fixture.Events.PublishAsync(topic, "{not json");
        Assert.Equal(EventPublishStatus.Invalid, notJson.Status);
        Assert.Equal("data", notJson.Field);
        Assert.Equal(EventPublishStatus.Invalid, (await fixture.Events.PublishAsync(topic, "1 2")).Status);
        Assert.Equal(2, (await fixture.Events.PublishAsync(topic, " {\"a\": [1, 2]} ")).Id);
    }
}

using GrainSystem.Abstractions.Events;
using GrainSystem.Grains.Events;
using GrainSystem.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainSystem.Tests.Events;

[Collection(EventsClusterCollection.Name)]
public sealed class TopicLogConflictTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task Two_activations_of_a_topic_cannot_both_store_an_event_under_one_id()
    {
        var topic = EventStreams.UniqueTopic("conflict");
        var storage = fixture.Cluster.DefaultStorage();
        var grainId = GrainId.Create("topic", topic);
        var first = new SegmentedTopicLog(storage, grainId, topic, retain: 10, NullLogger.Instance);
        var second = new SegmentedTopicLog(storage, grainId, topic, retain: 10, NullLogger.Instance);
        Assert.Null(await first.LoadAsync());
        Assert.Null(await second.LoadAsync());

        await first.AppendAsync(new Event(1, topic, "\"first\"", DateTimeOffset.UtcNow));
        await Assert.ThrowsAsync<TopicLogConflictException>(() => second.AppendAsync(new Event(1, topic, "\"second\"", DateTimeOffset.UtcNow)));

        // The stale one reloads and takes the next id; nothing of the first is lost.
        Assert.Equal(1, (await second.LoadAsync())!.Id);
        await second.AppendAsync(new Event(2, topic, "\"second\"", DateTimeOffset.UtcNow));
        var reader = new SegmentedTopicLog(storage, grainId, topic, retain: 10, NullLogger.Instance);
        Assert.Equal(2, (await reader.LoadAsync())!.Id);
        var (events, _) = await reader.ReadAfterAsync(0, 10, lastId: 2);
        Assert.Equal(["\"first\"", "\"second\""], events.Select(e => e.Data));
    }
}

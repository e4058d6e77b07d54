using System.Collections.Concurrent;
using System.Text.Json;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Tests.Events;

[Collection(EventsClusterCollection.Name)]
public sealed class EventOverflowTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task A_subscriber_that_does_not_read_is_cut_off_with_an_overflow_while_others_and_publishers_go_on()
    {
        var topic = EventStreams.UniqueTopic("overflow");
        await using var slow = await fixture.Events.OpenAsync([topic]);
        await using var fast = await fixture.Events.OpenAsync([topic]);
        var total = EventsClusterFixture.SubscriberBuffer * 2;
        var fastReceived = new ConcurrentQueue<Event>();
        using var stopReading = new CancellationTokenSource(EventStreams.Deadline);
        var fastReading = Task.Run(async () =>
        {
            await foreach (var e in fast.ReadAllAsync(stopReading.Token))
            {
                fastReceived.Enqueue(e);
                if (fastReceived.Count == total)
                {
                    return;
                }
            }
        });

        // The reading subscriber is never more than half a buffer behind; the other one never reads.
        for (var published = 0; published < total;)
        {
            for (var i = 0; i < EventsClusterFixture.SubscriberBuffer / 2; i++, published++)
            {
                Assert.Equal(EventPublishStatus.Published, (await fixture.Events.PublishAsync(topic, $"{published}")).Status);
            }

            var expected = published;
            await GrainSystem.Testing.Poll.UntilAsync(() => fastReceived.Count >= expected, EventStreams.Deadline, $"the reader to receive {expected}");
        }

        await fastReading;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), fastReceived.Select(e => e.Id));
        Assert.False(fast.Overflowed);

        await GrainSystem.Testing.Poll.UntilAsync(() => slow.Overflowed, EventStreams.Deadline, "the slow subscriber to overflow");
        var slowReceived = await slow.ReadToEndAsync();
        var overflow = slowReceived[^1];
        Assert.Equal(EventKinds.Overflow, overflow.Kind);
        var delivered = slowReceived.Where(e => e.IsPublished).ToList();
        // Exactly what fitted in its buffer, in order, and nothing else (no gap: nothing was skipped).
        Assert.Equal(Enumerable.Range(1, EventsClusterFixture.SubscriberBuffer).Select(i => (long)i), delivered.Select(e => e.Id));
        Assert.Equal(EventsClusterFixture.SubscriberBuffer + 1, slowReceived.Count);

        // Cut off: it no longer holds a registration in the router (no refreshes keep it alive).
        var router = fixture.Cluster.Client.GetGrain<IEventRouterGrain>(EventRouting.RouterFor(TopicPattern.Parse(topic)));
        await GrainSystem.Testing.Poll.UntilAsync(async () => (await router.ListSubscribedPatterns()).Count(p => p == topic) == 1,
            EventStreams.Deadline, "the overflowed subscription to leave the router");

        // The overflow names where to resume; resuming delivers the rest.
        using var data = JsonDocument.Parse(overflow.Data);
        var lastEventId = data.RootElement.GetProperty("lastEventId").GetString();
        await using var resumed = await fixture.Events.OpenAsync([topic], lastEventId);
        var firstRetained = total - EventsClusterFixture.RetainPerTopic + 1;
        var seen = delivered[^1].Id;
        var gap = seen + 1 < firstRetained;
        var rest = await resumed.TakeAsync((gap ? 1 : 0) + total - (int)Math.Max(seen, firstRetained - 1));
        Assert.Equal(gap, rest[0].Kind == EventKinds.Gap);
        Assert.Equal(Enumerable.Range((int)Math.Max(seen + 1, firstRetained), total - (int)Math.Max(seen, firstRetained - 1)).Select(i => (long)i),
            rest.Where(e => e.IsPublished).Select(e => e.Id));
    }
}

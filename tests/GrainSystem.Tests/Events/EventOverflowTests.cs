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
        await using var slow = await fixture.Bus.OpenAsync([topic]);
        await using var fast = await fixture.Bus.OpenAsync([topic]);
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
                Assert.True((await fixture.Bus.PublishAsync(topic, $"{published}")).Accepted);
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
        Assert.InRange(delivered.Count, 1, EventsClusterFixture.SubscriberBuffer);
        // In order, and any id not delivered is accounted for by a gap event (never silently skipped).
        Assert.Equal(delivered.Select(e => e.Id).Order(), delivered.Select(e => e.Id));
        var reported = slowReceived.Where(e => e.Kind == EventKinds.Gap)
            .SelectMany(e => Range(JsonDocument.Parse(e.Data).RootElement)).ToHashSet();
        Assert.All(Enumerable.Range(1, (int)delivered[^1].Id).Select(i => (long)i),
            id => Assert.True(delivered.Any(e => e.Id == id) || reported.Contains(id), $"id {id} neither delivered nor reported as a gap"));
        Assert.Equal(1, delivered[0].Id);

        // The overflow names where to resume; resuming delivers the rest.
        using var data = JsonDocument.Parse(overflow.Data);
        var lastEventId = data.RootElement.GetProperty("lastEventId").GetString();
        await using var resumed = await fixture.Bus.OpenAsync([topic], lastEventId);
        var firstRetained = total - EventsClusterFixture.RetainPerTopic + 1;
        var seen = delivered[^1].Id;
        var gap = seen + 1 < firstRetained;
        var rest = await resumed.TakeAsync((gap ? 1 : 0) + total - (int)Math.Max(seen, firstRetained - 1));
        Assert.Equal(gap, rest[0].Kind == EventKinds.Gap);
        Assert.Equal(Enumerable.Range((int)Math.Max(seen + 1, firstRetained), total - (int)Math.Max(seen, firstRetained - 1)).Select(i => (long)i),
            rest.Where(e => e.IsPublished).Select(e => e.Id));
    }

    private static IEnumerable<long> Range(JsonElement gap)
    {
        for (var id = gap.GetProperty("from").GetInt64(); id <= gap.GetProperty("to").GetInt64(); id++)
        {
            yield return id;
        }
    }
}

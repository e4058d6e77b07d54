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
        var total = EventsClusterFixture.SubscriberBuffer * 3;
        var fastReading = fast.TakeAsync(total);

        for (var i = 0; i < total; i++)
        {
            Assert.True((await fixture.Bus.PublishAsync(topic, $"{i}")).Accepted);
        }

        var fastReceived = await fastReading;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), fastReceived.Select(e => e.Id));
        Assert.False(fast.Overflowed);

        await GrainSystem.Testing.Poll.UntilAsync(() => slow.Overflowed, EventStreams.Deadline, "the slow subscriber to overflow");
        var slowReceived = await slow.ReadToEndAsync();
        var overflow = slowReceived[^1];
        Assert.Equal(EventKinds.Overflow, overflow.Kind);
        var delivered = slowReceived.Where(e => e.IsPublished).ToList();
        Assert.InRange(delivered.Count, 1, EventsClusterFixture.SubscriberBuffer);
        Assert.Equal(Enumerable.Range(1, delivered.Count).Select(i => (long)i), delivered.Select(e => e.Id));

        // The overflow names where to resume; resuming delivers the rest.
        using var data = JsonDocument.Parse(overflow.Data);
        var lastEventId = data.RootElement.GetProperty("lastEventId").GetString();
        await using var resumed = await fixture.Bus.OpenAsync([topic], lastEventId);
        var firstRetained = total - EventsClusterFixture.RetainPerTopic + 1;
        var gap = delivered.Count + 1 < firstRetained;
        var rest = await resumed.TakeAsync((gap ? 1 : 0) + total - Math.Max(delivered.Count, firstRetained - 1));
        Assert.Equal(gap, rest[0].Kind == EventKinds.Gap);
        Assert.Equal(Enumerable.Range(Math.Max(delivered.Count + 1, firstRetained), total - Math.Max(delivered.Count, firstRetained - 1)).Select(i => (long)i),
            rest.Where(e => e.IsPublished).Select(e => e.Id));
    }
}

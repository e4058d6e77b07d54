using GrainSystem.Abstractions.Events;

namespace GrainSystem.Tests.Events;

/// <summary>Router batches that Orleans delivers late, out of order, or not at all.</summary>
[Collection(EventsClusterCollection.Name)]
public sealed class EventDeliveryFaultTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task A_batch_overtaken_by_later_ones_is_waited_for_and_delivered_in_order_even_past_the_retention()
    {
        var topic = EventStreams.UniqueTopic("overtaken");
        await using var subscription = await fixture.Events.OpenAsync([topic]);
        var gate = DeliveryFaults.HoldBack(topic, 1);

        // More events than the topic retains, while the batch carrying the first is held back: the first is
        // then no longer in the retention, so only waiting for the late batch delivers it.
        var total = EventsClusterFixture.RetainPerTopic + 20;
        await PublishConcurrentlyAsync(topic, total);
        gate.SetResult();

        var received = await subscription.TakeAsync(total);
        Assert.All(received, e => Assert.True(e.IsPublished, $"{e.Kind}: {e.Data}"));
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), received.Select(e => e.Id));
    }

    [Fact]
    public async Task A_lost_batch_with_no_event_after_it_is_noticed_by_the_refresh_and_read_from_the_retention()
    {
        var topic = EventStreams.UniqueTopic("losttail");
        await using var subscription = await fixture.Events.OpenAsync([topic]);
        DeliveryFaults.Lose(topic, 3);

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(i, (await fixture.Events.PublishAsync(topic, $"{i}")).Id);
        }

        // Nothing follows the lost batch, so no later event reveals the hole: the router's count of sent batches does.
        var received = await subscription.TakeAsync(3);
        Assert.Equal([1L, 2L, 3L], received.Select(e => e.Id));
        Assert.All(received, e => Assert.True(e.IsPublished));
    }

    [Fact]
    public async Task A_lost_batch_between_others_is_read_from_the_retention_in_its_place()
    {
        var topic = EventStreams.UniqueTopic("lostmiddle");
        await using var subscription = await fixture.Events.OpenAsync([topic]);
        DeliveryFaults.Lose(topic, 2);

        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(i, (await fixture.Events.PublishAsync(topic, $"{i}")).Id);
        }

        var received = await subscription.TakeAsync(4);
        Assert.Equal([1L, 2L, 3L, 4L], received.Select(e => e.Id));
        Assert.All(received, e => Assert.True(e.IsPublished));
    }

    [Fact]
    public async Task A_reader_that_stops_enumerating_in_the_middle_of_a_batch_gets_the_rest_when_it_reads_again()
    {
        var topic = EventStreams.UniqueTopic("resumeread");
        await using var subscription = await fixture.Events.OpenAsync([topic]);
        await PublishConcurrentlyAsync(topic, 40);

        // Small takes, each ending the enumeration: nothing already taken from the buffer may be dropped.
        var received = new List<Event>();
        while (received.Count < 40)
        {
            received.AddRange(await subscription.TakeAsync(Math.Min(7, 40 - received.Count)));
        }

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), received.Select(e => e.Id));
    }

    private async Task PublishConcurrentlyAsync(string topic, int total)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= total)
            {
                Assert.Equal(EventPublishStatus.Published, (await fixture.Events.PublishAsync(topic, "{}")).Status);
            }
        }));
    }
}

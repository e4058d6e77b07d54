using System.Text.Json;
using GrainSystem.Abstractions.Events;
using GrainSystem.Client.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainSystem.Tests.Events;

[Collection(EventsClusterCollection.Name)]
public sealed class EventBufferBytesTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task A_subscriber_buffer_is_full_at_its_byte_bound_before_its_event_count()
    {
        // A batch overtaken by a later one is waited for (the longest grace): on a busy machine a 1 s grace ran out, and the
        // catch-up from the retention that follows reads every event, past what the buffer alone may hold.
        var bus = new EventClient(fixture.Cluster.Client,
            Options.Create(new EventsOptions { SubscriberBuffer = 1000, SubscriberBufferBytes = 1 << 20, ReorderGrace = TimeSpan.FromSeconds(30) }),
            NullLoggerFactory.Instance);
        var topic = EventStreams.UniqueTopic("bytes");
        await using var slow = await bus.OpenAsync([topic]);

        // 60,000 characters an event (about 120 KB in memory): 1 MiB holds 8 of them, far below 1000 events.
        var data = JsonSerializer.Serialize(new string('x', 60_000));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(EventPublishStatus.Published, (await bus.PublishAsync(topic, data)).Status);
        }

        await GrainSystem.Testing.Poll.UntilAsync(() => slow.Overflowed, EventStreams.Deadline, "the byte-bounded buffer to overflow");
        var received = await slow.ReadToEndAsync();
        Assert.Equal(EventKinds.Overflow, received[^1].Kind);
        Assert.InRange(received.Count(e => e.IsPublished), 1, (1 << 20) / 120_000);
    }
}

using GrainSystem.Abstractions.Events;
using GrainSystem.Client.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainSystem.Tests.Events;

[Collection(EventsClusterCollection.Name)]
public sealed class EventTransientFailureTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task A_resumed_subscription_retries_grain_calls_that_fail_during_a_failover()
    {
        var topic = EventStreams.UniqueTopic("flaky");
        await fixture.PublishNumbersAsync(topic, 5);

        var (grains, control) = FailingGrainFactory.Create(fixture.Cluster.Client, failures: 3);
        var bus = new EventClient(grains, Options.Create(new EventsOptions()), NullLoggerFactory.Instance);
        var cursor = $"{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()};{topic}=2";
        await using var resumed = await bus.OpenAsync([topic], cursor);

        var received = await resumed.TakeAsync(3);

        Assert.Equal(3, control.Failed);
        Assert.Equal([3L, 4L, 5L], received.Select(e => e.Id));
        Assert.All(received, e => Assert.True(e.IsPublished));
    }
}

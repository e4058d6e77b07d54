using GrainSystem.Abstractions.Events;
using GrainSystem.Client.Events;
using GrainSystem.Grains.Events;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Events;

/// <summary>
/// A topic under faults: a duplicate activation that keeps taking ids, routers unreachable while large events pile up. One silo with the kit's storage (so a test can hold a
/// write), <see cref="DeliveryFaults"/> on its calls, and a 1 MiB outbox.
/// </summary>
public sealed class TopicFailoverTests : IAsyncLifetime
{
    private readonly InMemoryGrainStorage _storage = new();
    private readonly InProcessTestCluster _cluster;

    public TopicFailoverTests() => _cluster = TestClusters.Build(silos: 1,
        settings: new Dictionary<string, string?>
        {
            ["Events:MaxOutboxBytes"] = (1 << 20).ToString(),
        },
        configureClientHost: host => host.Services.AddEventClient(),
        configureSilo: silo =>
        {
            silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (_, _) => _storage);
            silo.AddOutgoingGrainCallFilter<DeliveryFaults>();
        });

    private IEventClient Events => _cluster.Client.ServiceProvider.GetRequiredService<IEventClient>();

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Two_id_conflicts_in_a_row_refuse_the_publish_and_store_nothing_of_it()
    {
        var topic = EventStreams.UniqueTopic("conflicts");
        var grainId = GrainId.Create("topic", topic);
        var other = new SegmentedTopicLog(_storage, grainId, topic, retain: 100, NullLogger.Instance);
        Assert.Null(await other.LoadAsync());

        // The topic's writes wait while another activation takes id 1, then id 2, each just before it.
        var first = _storage.HoldNext(call => call.GrainId == grainId && call.Operation == GrainStorageOperation.Write);
        var publish = Events.PublishAsync(topic, "\"mine\"");
        await first.Reached.WaitAsync(EventStreams.Deadline);
        await other.AppendAsync(new Event(1, topic, "\"other-1\"", DateTimeOffset.UtcNow));
        var second = _storage.HoldNext(call => call.GrainId == grainId && call.Operation == GrainStorageOperation.Write);
        first.Release();
        await second.Reached.WaitAsync(EventStreams.Deadline);
        await other.AppendAsync(new Event(2, topic, "\"other-2\"", DateTimeOffset.UtcNow));
        second.Release();

        var result = await publish;

        Assert.Equal(EventPublishStatus.Unavailable, result.Status);
        var reader = new SegmentedTopicLog(_storage, grainId, topic, retain: 100, NullLogger.Instance);
        var (events, _) = await reader.ReadAfterAsync(0, 10, lastId: (await reader.LoadAsync())!.Id);
        Assert.Equal(["\"other-1\"", "\"other-2\""], events.Select(e => e.Data));
    }

    [Fact]
    public async Task Events_waiting_for_unreachable_routers_are_bounded_by_bytes()
    {
        var topic = EventStreams.UniqueTopic("outbox");
        var gate = DeliveryFaults.HoldBackForwarding(topic, 1);
        await Events.PublishAsync(topic, "1");

        // 30 events of 60,000 characters (about 120 KB each in memory) while the first batch is stuck: a 1 MiB outbox
        // keeps only the newest few; the others reach subscribers from the retention.
        var large = $"\"{new string('x', 60_000)}\"";
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(EventPublishStatus.Published, (await Events.PublishAsync(topic, large)).Status);
        }

        gate.SetResult();
        await Poll.UntilAsync(() => Task.FromResult(DeliveryFaults.ForwardedCount(topic) > 1), EventStreams.Deadline,
            "the outbox to be forwarded");
        await Poll.UntilAsync(async () => (await _cluster.Client.GetGrain<ITopicGrain>(topic).ReadAfter(30, 1)).LastId == 31,
            EventStreams.Deadline, "every event to be stored");
        Assert.InRange(DeliveryFaults.ForwardedCount(topic), 2, 10);
    }
}

using GrainSystem.Abstractions.Events;
using GrainSystem.Client.Events;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Events;

/// <summary>
/// Publishing under a key: a retry answers the first outcome and stores nothing again, also when the first append's
/// answer was lost and when the topic re-activated. One silo on the kit's storage, so a test can lose a write's answer.
/// </summary>
public sealed class EventIdempotencyTests : IAsyncLifetime
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    private readonly InMemoryGrainStorage _storage = new();
    private readonly InProcessTestCluster _cluster;

    public EventIdempotencyTests() => _cluster = TestClusters.Build(silos: 1,
        configureClientHost: host => host.Services.AddEventClient(),
        configureSilo: silo => silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (_, _) => _storage));

    private IEventClient Events => _cluster.Client.ServiceProvider.GetRequiredService<IEventClient>();

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_retry_with_the_same_key_answers_the_first_id_and_stores_nothing_again_also_after_the_topic_reactivated()
    {
        var topic = EventStreams.UniqueTopic("keyed");
        var key = Key("k1", "request-1");
        var first = await Events.PublishAsync(topic, "\"once\"", key);
        await Events.PublishAsync(topic, "\"other\"");

        Assert.Equal(first, await Events.PublishAsync(topic, "\"once\"", key));
        await _cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(first, await Events.PublishAsync(topic, "\"once\"", key));

        Assert.Equal(["\"once\"", "\"other\""], await StoredAsync(topic));
        Assert.Equal(EventPublishResult.Published(1), first);
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_refused_and_stores_nothing()
    {
        var topic = EventStreams.UniqueTopic("reused");
        await Events.PublishAsync(topic, "\"first\"", Key("k", "request-1"));

        var reused = await Events.PublishAsync(topic, "\"second\"", Key("k", "request-2"));

        Assert.Equal(EventPublishStatus.KeyReused, reused.Status);
        Assert.Equal(["\"first\""], await StoredAsync(topic));
    }

    [Fact]
    public async Task An_append_whose_answer_was_lost_is_outcome_unknown_and_its_retry_stores_it_once()
    {
        var topic = EventStreams.UniqueTopic("lost");
        var grainId = GrainId.Create("topic", topic);
        await Events.PublishAsync(topic, "1");
        var key = Key("k", "request");

        _storage.LoseNextAnswer(call => call.GrainId == grainId && call.Operation == GrainStorageOperation.Write);
        var lost = await Events.PublishAsync(topic, "2", key);
        var retried = await Events.PublishAsync(topic, "2", key);
        var next = await Events.PublishAsync(topic, "3");

        Assert.Equal(EventPublishStatus.OutcomeUnknown, lost.Status);
        Assert.Equal(EventPublishResult.Published(2), retried);
        Assert.Equal(EventPublishResult.Published(3), next);
        Assert.Equal(["1", "2", "3"], await StoredAsync(topic));
    }

    [Fact]
    public async Task A_write_that_failed_before_reaching_the_store_leaves_the_next_publish_its_id()
    {
        var topic = EventStreams.UniqueTopic("failed");
        var grainId = GrainId.Create("topic", topic);
        await Events.PublishAsync(topic, "1");

        _storage.Fails = call => call.GrainId == grainId && call.Operation == GrainStorageOperation.Write;
        var failed = await Events.PublishAsync(topic, "2");
        _storage.Fails = _ => false;

        // An exception the grain cannot tell is answered "may have landed", never thrown across the grain boundary.
        Assert.Equal(EventPublishStatus.OutcomeUnknown, failed.Status);
        Assert.Equal(EventPublishResult.Published(2), await Events.PublishAsync(topic, "3"));
        Assert.Equal(["1", "3"], await StoredAsync(topic));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_event_stored_without_an_answer_reaches_live_subscribers_of_a_quiet_topic(bool reactivated)
    {
        var topic = EventStreams.UniqueTopic("quiet");
        var grainId = GrainId.Create("topic", topic);
        await using var subscription = await Events.OpenAsync([topic]);
        await Events.PublishAsync(topic, "1");
        Assert.Equal([1L], (await subscription.TakeAsync(1)).Select(e => e.Id));

        // Stored, but the topic never learns it: nothing forwards it, and no later event reveals it.
        var key = Key("k", "request");
        _storage.LoseNextAnswer(call => call.GrainId == grainId && call.Operation == GrainStorageOperation.Write);
        Assert.Equal(EventPublishStatus.OutcomeUnknown, (await Events.PublishAsync(topic, "2", key)).Status);
        if (reactivated)
        {
            // As when the silo that stored it died: the next activation finds it stored (the routers stay, so no
            // subscription catches up from the retention on its own).
            await _cluster.Client.GetGrain<ITopicGrain>(topic).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        }

        // The retry stores nothing; the event arrives live all the same.
        Assert.Equal(EventPublishResult.Published(2), await Events.PublishAsync(topic, "2", key));
        Assert.Equal([2L], (await subscription.TakeAsync(1)).Select(e => e.Id));
    }

    private static EventPublishKey Key(string key, string request) => new(key, request, Retention);

    private async Task<List<string>> StoredAsync(string topic)
    {
        var page = await _cluster.Client.GetGrain<ITopicGrain>(topic).ReadAfter(0, 100);
        return [.. page.Events.Select(e => e.Data)];
    }
}

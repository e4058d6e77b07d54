using GrainSystem.Client.Events;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Events;

/// <summary>
/// Two silos with a small retention and <see cref="DeliveryFaults"/> on their outgoing calls, and <see cref="IEventClient"/> on
/// the client with a small buffer and fast refreshes.
/// </summary>
public sealed class EventsClusterFixture : IAsyncLifetime
{
    public const int RetainPerTopic = 50;
    public const int SubscriberBuffer = 512;

    /// <summary>Long enough for a test to publish past the retention while a batch is held back.</summary>
    public const string ReorderGrace = "00:00:05";

    public InProcessTestCluster Cluster { get; } = TestClusters.Build(
        silos: 2,
        settings: new Dictionary<string, string?>
        {
            ["Events:RetainPerTopic"] = RetainPerTopic.ToString(),
            ["Events:SubscriberBuffer"] = SubscriberBuffer.ToString(),
            ["Events:RefreshPeriod"] = "00:00:01",
            ["Events:ReorderGrace"] = ReorderGrace,
        },
        configureClientHost: host => host.Services.AddEventClient(),
        configureSilo: silo => silo.AddOutgoingGrainCallFilter<DeliveryFaults>());

    public IEventClient Events => Cluster.Client.ServiceProvider.GetRequiredService<IEventClient>();

    /// <summary>Publishes <paramref name="count"/> events to <paramref name="topic"/> one after another, their data 1 to <paramref name="count"/>.</summary>
    public async Task PublishNumbersAsync(string topic, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Events.PublishAsync(topic, $"{i}");
        }
    }

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

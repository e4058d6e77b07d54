using GrainSystem.Abstractions.Caching;
using GrainSystem.Client.Caching;
using GrainSystem.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Caching;

/// <summary>Two silos with the production cache registration, and a client host with the .NET cache API.</summary>
public class CacheClusterFixture : IAsyncLifetime
{
    protected CacheClusterFixture(IReadOnlyDictionary<string, string?> settings) =>
        Cluster = TestClusters.Build(silos: 2, settings, host => host.Services.AddGrainSystemDistributedCache());

    public CacheClusterFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public GrainSystemCache Cache => Cluster.Client.ServiceProvider.GetRequiredService<GrainSystemCache>();

    public CachePartitions Partitions => Cluster.Client.ServiceProvider.GetRequiredService<CachePartitions>();

    public ICacheGrain GrainFor(string key) => Partitions.GrainFor(key);

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CacheClusterCollection : ICollectionFixture<CacheClusterFixture>
{
    public const string Name = "cache-cluster";
}

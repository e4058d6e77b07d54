using GrainSystem.Abstractions.Caching;
using GrainSystem.Client.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Caching;

/// <summary>Two silos with the production cache registration, and a client host with the .NET cache API.</summary>
public class CacheClusterFixture : IAsyncLifetime
{
    protected CacheClusterFixture(IReadOnlyDictionary<string, string?> settings) =>
        Cluster = TestClusters.Build(silos: 2, settings, host => host.Services.AddCacheClient());

    public CacheClusterFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public GrainSystemDistributedCache Cache => Cluster.Client.ServiceProvider.GetRequiredService<GrainSystemDistributedCache>();

    public ICacheClient CacheClient => Cluster.Client.ServiceProvider.GetRequiredService<ICacheClient>();

    /// <summary>The partition grain that owns <paramref name="key"/>, for tests that call it directly.</summary>
    public ICacheGrain GrainFor(string key) => Client.GetGrain<ICacheGrain>(CacheClient.Partitioner.PartitionOf(key));

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CacheClusterCollection : ICollectionFixture<CacheClusterFixture>
{
    public const string Name = "cache-cluster";
}

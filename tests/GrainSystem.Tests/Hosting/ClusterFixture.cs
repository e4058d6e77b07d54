using GrainSystem.Testing;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Hosting;

/// <summary>The shared two-silo cluster of the <see cref="ClusterCollection"/>.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; } = TestClusters.Build(silos: 2);

    public IClusterClient Client => Cluster.Client;

    public IServiceProvider ClientServices => Cluster.Client.ServiceProvider;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Hosting;

/// <summary>
/// A <see cref="ClusterDeployment"/> as an xunit fixture: started before the first test of a class, its processes
/// ended after the last, also when a test failed. One instance per test class, since some tests kill silos.
/// </summary>
public class ProcessCluster : ClusterDeployment, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

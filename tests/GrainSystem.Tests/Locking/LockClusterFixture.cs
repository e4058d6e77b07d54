using GrainSystem.Abstractions.Locking;
using GrainSystem.Client.Locking;
using GrainSystem.Grains.Locking;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Locking;

/// <summary>
/// Two silos whose lock calls wait only 300 ms each, so every wait in these tests runs the wait loop over several
/// bounded calls (keeping its place in the queue between them); idle locks leave memory 1 s after their last use;
/// the client has the lock client registered.
/// </summary>
public sealed class LockClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; } = TestClusters.Build(silos: 2,
        settings: new Dictionary<string, string?>
        {
            ["Locks:MaxWaitPerCall"] = "00:00:00.300",
            ["Locks:WaiterGrace"] = "00:00:03",
            ["Locks:IdleDeactivationDelay"] = "00:00:01",
        },
        configureClientHost: host => host.Services.AddLockClient());

    public IClusterClient Client => Cluster.Client;

    public ILockClient Locks => Cluster.Client.ServiceProvider.GetRequiredService<ILockClient>();

    public ILockGrain Lock(string name) => Client.GetGrain<ILockGrain>(name);

    /// <summary>The default grain storage, as a silo sees it: for writing a lock's state behind its activation's back.</summary>
    public IGrainStorage Storage => Cluster.DefaultStorage();

    /// <summary>Rewrites the stored state of <paramref name="name"/> as another activation would, changing its ETag.</summary>
    internal async Task WriteBehindTheBackAsync(string name, Action<LockState> change)
    {
        var grainId = Lock(name).GetGrainId();
        var stored = new GrainState<LockState>(new LockState());
        await Storage.ReadStateAsync("lock", grainId, stored);
        change(stored.State ??= new LockState());
        await Storage.WriteStateAsync("lock", grainId, stored);
    }

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

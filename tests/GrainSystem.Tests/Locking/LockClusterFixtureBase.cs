using GrainSystem.Abstractions.Locking;
using GrainSystem.Client.Locking;
using GrainSystem.Grains.Locking;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Locking;

/// <summary>What the lock tests use of their cluster: the lock client, locks by name, and a lock's stored state.</summary>
public abstract class LockClusterFixtureBase(InProcessTestCluster cluster) : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; } = cluster;

    public IClusterClient Client => Cluster.Client;

    public ILockClient Locks => Client.ServiceProvider.GetRequiredService<ILockClient>();

    /// <summary>A lease longer than any test that takes it: it never ends on its own while the test runs.</summary>
    public TimeSpan Lease { get; } = TimeSpan.FromSeconds(60);

    public ILockGrain Lock(string name) => Client.GetGrain<ILockGrain>(name);

    /// <summary>A lock no other test uses, by name and grain.</summary>
    public (string Name, ILockGrain Grain) NewLock(string what)
    {
        var name = LockTestNames.New(what);
        return (name, Lock(name));
    }

    /// <summary>Rewrites the stored state of <paramref name="name"/> as another activation would, changing its ETag.</summary>
    internal async Task WriteBehindTheBackAsync(string name, Action<LockState> change)
    {
        var grainId = Lock(name).GetGrainId();
        var stored = await Cluster.ReadStateAsync<LockState>(grainId, "lock");
        change(stored.State ??= new LockState());
        await Cluster.DefaultStorage().WriteStateAsync("lock", grainId, stored);
    }

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

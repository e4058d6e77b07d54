using GrainSystem.Abstractions.Locking;
using GrainSystem.Client.Locking;
using GrainSystem.Grains;
using GrainSystem.Grains.Locking;
using GrainSystem.Hosting;
using GrainSystem.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Locking;

/// <summary>
/// One silo whose default storage passes every write through a <see cref="LockWriteGate"/>; a lock call may wait 10 s,
/// so one call spans what a test does meanwhile; a free lock stays in memory for 10 min, so a test decides when an
/// activation goes; the client has the lock client registered.
/// </summary>
public sealed class LockGatedClusterFixture : IAsyncLifetime
{
    public LockGatedClusterFixture()
    {
        var settings = new Dictionary<string, string?>(TestClusters.DefaultSettings)
        {
            ["Locks:MaxWaitPerCall"] = "00:00:10",
            ["Locks:IdleDeactivationDelay"] = "00:10:00",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddGrainSystem(configuration, StorageBackend.Embedded);
            silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                (services, name) => new LockWriteGate.Storage(MemoryGrainStorageFactory.Create(services, name), Gate));
        });
        builder.ConfigureClientHost(host => host.Services.AddLockClient());
        Cluster = builder.Build();
    }

    internal LockWriteGate Gate { get; } = new();

    public InProcessTestCluster Cluster { get; }

    public ILockClient Locks => Cluster.Client.ServiceProvider.GetRequiredService<ILockClient>();

    public ILockGrain Lock(string name) => Cluster.Client.GetGrain<ILockGrain>(name);

    /// <summary>Rewrites the stored state of <paramref name="name"/> as another activation would, changing its ETag.</summary>
    internal async Task WriteBehindTheBackAsync(string name, Action<LockState> change)
    {
        var storage = Cluster.DefaultStorage();
        var grainId = Lock(name).GetGrainId();
        var stored = new GrainState<LockState>(new LockState());
        await storage.ReadStateAsync("lock", grainId, stored);
        change(stored.State ??= new LockState());
        await storage.WriteStateAsync("lock", grainId, stored);
    }

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

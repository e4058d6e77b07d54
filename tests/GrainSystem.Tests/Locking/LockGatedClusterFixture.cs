using GrainSystem.Client.Locking;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace GrainSystem.Tests.Locking;

/// <summary>
/// One silo whose default storage is the kit's <see cref="InMemoryGrainStorage"/>, so a test can hold a lock's state
/// write (<see cref="HoldNextWrite"/>) and watch its lock calls (<see cref="Probe"/>); a lock call may wait 10 s, so one call spans what a test does meanwhile; a free
/// lock stays in memory for 10 min, so a test decides when an activation goes; the client has the lock client registered.
/// </summary>
public sealed class LockGatedClusterFixture() : LockClusterFixtureBase(TestClusters.Build(silos: 1,
    settings: new Dictionary<string, string?>
    {
        ["Locks:MaxWaitPerCall"] = "00:00:10",
        ["Locks:IdleDeactivationDelay"] = "00:10:00",
    },
    configureClientHost: host => host.Services.AddLockClient(),
    configureSilo: silo =>
    {
        silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            (services, _) => new InMemoryGrainStorage(services.GetRequiredService<IGrainStorageSerializer>()));
        silo.Services.AddSingleton<LockCallProbe>();
        silo.Services.AddSingleton<IIncomingGrainCallFilter>(services => services.GetRequiredService<LockCallProbe>());
    }))
{
    /// <summary>What the silo's lock calls are doing (<see cref="LockCallProbe"/>).</summary>
    internal LockCallProbe Probe => Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress).GetRequiredService<LockCallProbe>();

    /// <summary>The next write of lock <paramref name="name"/>'s state waits, before it is stored, until the hold is released.</summary>
    public GrainStorageHold HoldNextWrite(string name)
    {
        var grainId = Lock(name).GetGrainId();
        var storage = (InMemoryGrainStorage)Cluster.DefaultStorage();
        return storage.HoldNext(call => call.Operation == GrainStorageOperation.Write && call.GrainId == grainId);
    }
}

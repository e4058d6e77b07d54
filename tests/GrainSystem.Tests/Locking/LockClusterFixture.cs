using GrainSystem.Client.Locking;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Locking;

/// <summary>
/// Two silos whose lock calls wait only 300 ms each, so every wait in these tests runs the wait loop over several
/// bounded calls (keeping its place in the queue between them); idle locks leave memory 1 s after their last use;
/// the client has the lock client registered.
/// </summary>
public sealed class LockClusterFixture() : LockClusterFixtureBase(TestClusters.Build(silos: 2,
    settings: new Dictionary<string, string?>
    {
        ["Locks:MaxWaitPerCall"] = "00:00:00.300",
        ["Locks:WaiterGrace"] = "00:00:03",
        ["Locks:IdleDeactivationDelay"] = "00:00:01",
    },
    configureClientHost: host => host.Services.AddLockClient()));

namespace GrainSystem.FaultTests.Workload;

/// <summary>How many clients of each kind run, how long each thinks between operations, and the lock lease.</summary>
public sealed record WorkloadShape(int CacheClients, int LockClients, int JobClients, int Publishers, TimeSpan Think, TimeSpan JobThink,
    TimeSpan LockLease, int Locks)
{
    /// <summary>The load of the fault runs: enough operations to check, light enough for a shared 2-core machine.</summary>
    public static readonly WorkloadShape Faults = new(CacheClients: 4, LockClients: 4, JobClients: 1, Publishers: 2,
        Think: TimeSpan.FromMilliseconds(40), JobThink: TimeSpan.FromSeconds(1), LockLease: TimeSpan.FromSeconds(8), Locks: 2);

    /// <summary>The soak: every client as fast as the cluster answers.</summary>
    public static readonly WorkloadShape FullLoad = new(CacheClients: 8, LockClients: 6, JobClients: 2, Publishers: 4,
        Think: TimeSpan.Zero, JobThink: TimeSpan.FromMilliseconds(200), LockLease: TimeSpan.FromSeconds(5), Locks: 3);
}

namespace GrainSystem.FaultTests.Workload;

/// <summary>
/// How many clients of each kind run, how long each thinks between operations, the lock lease, and whether a job client
/// waits for each job to end before it submits the next (a closed loop: jobs cannot pile up).
/// </summary>
public sealed record WorkloadShape(int CacheClients, int LockClients, int JobClients, int Publishers, TimeSpan Think, TimeSpan JobThink,
    TimeSpan LockLease, int Locks, bool JobsOneAtATime = false)
{
    /// <summary>The load of the fault runs: enough operations to check, light enough for a shared 2-core machine.</summary>
    public static readonly WorkloadShape Faults = new(CacheClients: 4, LockClients: 4, JobClients: 1, Publishers: 2,
        Think: TimeSpan.FromMilliseconds(40), JobThink: TimeSpan.FromSeconds(1), LockLease: TimeSpan.FromSeconds(8), Locks: 2);

    /// <summary>
    /// The soak: every client as fast as the cluster answers, at a steady state — job clients in a closed loop, so that
    /// memory growth measures what the cluster keeps, not a backlog of jobs submitted faster than they run.
    /// </summary>
    public static readonly WorkloadShape FullLoad = new(CacheClients: 8, LockClients: 6, JobClients: 4, Publishers: 4,
        Think: TimeSpan.Zero, JobThink: TimeSpan.Zero, LockLease: TimeSpan.FromSeconds(5), Locks: 3, JobsOneAtATime: true);
}

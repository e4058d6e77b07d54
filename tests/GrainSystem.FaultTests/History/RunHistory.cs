using System.Collections.Concurrent;

namespace GrainSystem.FaultTests.History;

/// <summary>
/// Everything a fault run recorded, appended concurrently by the clients and the nemesis. Runs on one cluster share
/// one <see cref="RunClock"/>, so that their histories compare in real time (fencing tokens across runs).
/// </summary>
public sealed class RunHistory
{
    private readonly ConcurrentQueue<FaultWindow> _windows = new();
    private readonly ConcurrentDictionary<string, JobRecord> _jobs = new();

    public RunHistory(RunClock? clock = null)
    {
        Clock = clock ?? new RunClock();
        Start = Clock.Now;
    }

    public RunClock Clock { get; }

    /// <summary>When the run started, on <see cref="Clock"/>.</summary>
    public long Start { get; }

    public ConcurrentQueue<CacheOp> Cache { get; } = new();

    public ConcurrentQueue<LockOp> Locks { get; } = new();

    public ConcurrentQueue<LockFinal> LockFinals { get; } = new();

    public ConcurrentQueue<PublishOp> Publishes { get; } = new();

    public ConcurrentQueue<SubscriberLog> Subscribers { get; } = new();

    public ConcurrentQueue<RequestRecord> Requests { get; } = new();

    /// <summary>Faults the nemesis could not inject or heal (the cluster did not come back in time, say).</summary>
    public ConcurrentQueue<string> NemesisErrors { get; } = new();

    public IReadOnlyList<FaultWindow> Windows => [.. _windows];

    public IReadOnlyList<JobRecord> Jobs => [.. _jobs.Values.OrderBy(j => j.Invoke)];

    public void AddWindow(FaultWindow window) => _windows.Enqueue(window);

    /// <summary>Records a submission, or replaces it with what became of it (keyed by invocation).</summary>
    public void SetJob(string recordKey, JobRecord job) => _jobs[recordKey] = job;
}

using System.Collections.Concurrent;

namespace GrainSystem.FaultTests.History;

/// <summary>Everything a fault run recorded, appended concurrently by the clients and the nemesis.</summary>
public sealed class RunHistory
{
    private readonly ConcurrentQueue<FaultWindow> _windows = new();
    private readonly ConcurrentDictionary<string, JobRecord> _jobs = new();

    public RunClock Clock { get; } = new();

    public ConcurrentQueue<CacheOp> Cache { get; } = new();

    public ConcurrentQueue<LockOp> Locks { get; } = new();

    public ConcurrentQueue<LockFinal> LockFinals { get; } = new();

    public ConcurrentQueue<PublishOp> Publishes { get; } = new();

    public ConcurrentQueue<SubscriberLog> Subscribers { get; } = new();

    public ConcurrentQueue<RequestRecord> Requests { get; } = new();

    public IReadOnlyList<FaultWindow> Windows => [.. _windows];

    public IReadOnlyList<JobRecord> Jobs => [.. _jobs.Values.OrderBy(j => j.Invoke)];

    public void AddWindow(FaultWindow window) => _windows.Enqueue(window);

    /// <summary>Records a submission, or replaces it with what became of it (keyed by invocation).</summary>
    public void SetJob(string recordKey, JobRecord job) => _jobs[recordKey] = job;
}

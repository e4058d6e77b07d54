using GrainSystem.FaultTests.Checkers;
using GrainSystem.FaultTests.Checkers.Cache;
using GrainSystem.FaultTests.Checkers.Events;
using GrainSystem.FaultTests.Checkers.Jobs;
using GrainSystem.FaultTests.Checkers.Liveness;
using GrainSystem.FaultTests.Checkers.Locks;
using GrainSystem.FaultTests.Cluster;
using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Runs;

/// <summary>Every checker's verdict on a run's history, and the availability of each feature in each fault window.</summary>
public sealed class RunReport
{
    private RunReport(RunHistory history, IReadOnlyList<CheckResult> results, IReadOnlyList<WindowStats> stats)
    {
        History = history;
        Results = results;
        Stats = stats;
    }

    public RunHistory History { get; }

    public IReadOnlyList<CheckResult> Results { get; }

    public IReadOnlyList<WindowStats> Stats { get; }

    public IReadOnlyList<Anomaly> Anomalies => [.. Results.SelectMany(r => r.Anomalies).OrderBy(a => a.At)];

    public IReadOnlyList<string> Unknown => [.. Results.SelectMany(r => r.Unknown)];

    /// <summary>
    /// Runs every checker. <paramref name="earlierLocks"/> are lock operations of earlier runs on the same cluster, locks
    /// and clock (fencing tokens must grow across all of them; what they broke among themselves was reported by their
    /// own run); <paramref name="jobStorage"/> what expired jobs left behind.
    /// </summary>
    public static RunReport Check(RunHistory history, IEnumerable<LockOp>? earlierLocks = null, IEnumerable<JobStorage>? jobStorage = null)
    {
        var liveness = LivenessChecker.Check(history.Requests, FaultSettings.ResponseTimeout);
        var successes = history.Requests.Where(r => r.Status is >= 200 and < 500)
            .Select(r => new FeatureSuccess(r.Feature, r.Start, r.Start + r.Duration));
        var stats = LivenessChecker.Windows(history.Windows, successes, Features.All, liveness);
        var locks = LockChecker.Check((earlierLocks ?? []).Concat(history.Locks), history.LockFinals).Since(history.Start);
        locks.Checked = history.Locks.Count(op => op.Outcome != Outcome.Failed);
        CheckResult[] results =
        [
            CacheChecker.Check(history.Cache),
            locks,
            JobChecker.Check(history.Jobs, jobStorage, FaultSettings.JobRetention),
            EventChecker.Check(history.Publishes, history.Subscribers, FaultSettings.RetainPerTopic),
            liveness,
        ];
        return new RunReport(history, results, stats);
    }

    public override string ToString() =>
        string.Join(Environment.NewLine, Results.Select(r => r.ToString()).Concat(History.NemesisErrors.Select(e => "nemesis failed: " + e)))
        + Environment.NewLine + ReportTable.Render(this);
}

using GrainSystem.FaultTests.Checkers.Linearizability;
using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Checkers.Cache;

/// <summary>
/// Checks a cache history key by key: linearizability of each key's operations against <see cref="CacheModel"/>
/// (operations refused with nothing changed are left out; reads of unknown outcome tell nothing), and that the final
/// read of every key, made after the faults, still sees the newest acknowledged write.
/// </summary>
public static class CacheChecker
{
    /// <summary>The client number of the reads made after the run, one per key.</summary>
    public const int FinalReader = -1;

    public const long DefaultMaxSteps = 2_000_000;

    public static CheckResult Check(IEnumerable<CacheOp> history, long maxStepsPerKey = DefaultMaxSteps)
    {
        var result = new CheckResult(Features.Cache);
        foreach (var key in history.Where(Relevant).GroupBy(op => op.Key))
        {
            var ops = key.ToList();
            result.Checked += ops.Count;
            var verdict = WingGongChecker.Check(CacheModel.Instance,
                ops.Select(op => new TimedOp<CacheOp>(op, op.Invoke, op.Outcome == Outcome.Ok ? op.Complete : RunClock.Never)).ToList(),
                maxStepsPerKey);
            switch (verdict.Verdict)
            {
                case Verdict.NotLinearizable:
                    var stuck = verdict.Stuck!;
                    result.Add(new Anomaly(Features.Cache, "linearizable", stuck.Outcome == Outcome.Ok ? stuck.Complete : stuck.Invoke,
                        $"key {key.Key}: {ops.Count} operations have no linearization; after the longest linearizable prefix "
                        + $"({verdict.LongestPrefix.Count} operations, ending {string.Join("; ", verdict.LongestPrefix.TakeLast(3))}) "
                        + $"nothing can explain {stuck}"));
                    break;
                case Verdict.Unknown:
                    result.Unknown.Add($"key {key.Key}: {ops.Count} operations, search bound of {maxStepsPerKey} steps reached");
                    break;
            }

            CheckFinalRead(key.Key, ops, result);
        }

        return result;
    }

    private static bool Relevant(CacheOp op) =>
        op.Outcome == Outcome.Ok || (op.Outcome == Outcome.Indeterminate && op.Kind != CacheOpKind.Read);

    /// <summary>No acknowledged write lost: the final read shows the newest acknowledged version, or a later delete explains a miss.</summary>
    private static void CheckFinalRead(string key, List<CacheOp> ops, CheckResult result)
    {
        var final = ops.LastOrDefault(op => op.Client == FinalReader && op.Kind == CacheOpKind.Read && op.Outcome == Outcome.Ok);
        var newest = ops.Where(op => op.Outcome == Outcome.Ok && op.Answer is CacheAnswer.Created or CacheAnswer.Replaced or CacheAnswer.Incremented)
            .MaxBy(op => op.Version);
        if (final is null || newest is null)
        {
            return;
        }

        var deletedAfter = ops.Any(op => op.Kind == CacheOpKind.Delete && op.Complete > newest.Invoke
            && (op.Outcome == Outcome.Indeterminate || op.Answer == CacheAnswer.Deleted));
        if (final.Answer == CacheAnswer.Miss && !deletedAfter)
        {
            result.Add(new Anomaly(Features.Cache, "no acknowledged write lost", final.Complete,
                $"key {key}: the final read misses, but {newest} was acknowledged and no delete followed it"));
        }
        else if (final.Answer == CacheAnswer.Hit && final.Version < newest.Version)
        {
            result.Add(new Anomaly(Features.Cache, "no acknowledged write lost", final.Complete,
                $"key {key}: the final read shows version {final.Version}, older than the acknowledged {newest}"));
        }
    }
}

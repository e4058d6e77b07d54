using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Checkers.Jobs;

/// <summary>
/// Checks jobs: every accepted job reached Completed, with exactly one result per item, in item order; and a job whose
/// retention ended left nothing in storage. A job that answered 404 while watched vanished — unless the watch went
/// longer than the <c>retention</c> without any answer about it (the API unreachable): then it may have completed and
/// expired unseen, which the history cannot tell (undecided).
/// </summary>
public static class JobChecker
{
    public static CheckResult Check(IEnumerable<JobRecord> jobs, IEnumerable<JobStorage>? storage = null, TimeSpan? retention = null)
    {
        var result = new CheckResult(Features.Jobs);
        foreach (var job in jobs.Where(j => j.Outcome == Outcome.Ok))
        {
            result.Checked++;
            if (job.FinalState == JobRecord.Gone && retention is { } kept && job.Unseen > kept.Ticks)
            {
                result.Unknown.Add($"job {job.Id} (accepted at {RunClock.Format(job.Complete)}) answered 404 after "
                    + $"{TimeSpan.FromTicks(job.Unseen).TotalSeconds:0.0} s without an answer about it, longer than its "
                    + $"{kept.TotalSeconds:0} s retention: it may have completed and expired unseen");
                continue;
            }

            if (job.FinalState != "Completed")
            {
                result.Add(new Anomaly(Features.Jobs, "completes", job.Complete,
                    $"job {job.Id} (accepted at {RunClock.Format(job.Complete)}) {Ending(job)}" + (job.Error is null ? "" : $": {job.Error}")));
                continue;
            }

            var results = job.Results ?? [];
            if (results.Length != job.Expected.Length)
            {
                result.Add(new Anomaly(Features.Jobs, "one result per item", job.Complete,
                    $"job {job.Id}: {results.Length} results for {job.Expected.Length} items"));
                continue;
            }

            var wrong = Enumerable.Range(0, results.Length).FirstOrDefault(i => results[i] != job.Expected[i], -1);
            if (wrong >= 0)
            {
                result.Add(new Anomaly(Features.Jobs, "item order", job.Complete,
                    $"job {job.Id}: result {wrong} is {results[wrong]}, expected {job.Expected[wrong]}"));
            }
        }

        foreach (var left in storage ?? [])
        {
            result.Add(new Anomaly(Features.Jobs, "storage freed", left.At,
                $"job {left.Id} expired (404) but {left.Keys.Count} keys are still stored: {string.Join(", ", left.Keys.Take(4))}"));
        }

        return result;
    }

    private static string Ending(JobRecord job) => job.FinalState switch
    {
        null => "never answered while watched",
        JobRecord.Gone => $"vanished: answered 404 while watched (never more than {TimeSpan.FromTicks(job.Unseen).TotalSeconds:0.0} s without an answer)",
        "Failed" or "Cancelled" => $"ended {job.FinalState}",
        _ => $"was still {job.FinalState} when the watch ended",
    };
}

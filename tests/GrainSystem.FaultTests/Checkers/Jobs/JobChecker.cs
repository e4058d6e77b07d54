using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Checkers.Jobs;

/// <summary>
/// Checks jobs: every accepted job reached Completed, with exactly one result per item, in item order; and a job whose
/// retention ended left nothing in storage.
/// </summary>
public static class JobChecker
{
    public static CheckResult Check(IEnumerable<JobRecord> jobs, IEnumerable<JobStorage>? storage = null)
    {
        var result = new CheckResult(Features.Jobs);
        foreach (var job in jobs.Where(j => j.Outcome == Outcome.Ok))
        {
            result.Checked++;
            if (job.FinalState != "Completed")
            {
                result.Add(new Anomaly(Features.Jobs, "completes", job.Complete,
                    $"job {job.Id} (accepted at {RunClock.Format(job.Complete)}) ended {job.FinalState ?? "unknown"}"
                    + (job.Error is null ? "" : $": {job.Error}")));
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
}

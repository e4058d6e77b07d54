using GrainSystem.FaultTests.Checkers.Jobs;
using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.CheckerTests;

public sealed class JobCheckerTests
{
    private static readonly long[] Items = [1, 2, 3, 4];

    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(15);

    private static JobRecord Job(string? state, long[]? results, Outcome outcome = Outcome.Ok, double unseenSeconds = 0.5) =>
        new(1, "j", Items, outcome, 0, 1, state, results, state == "Failed" ? "chunk 2 failed" : null, TimeSpan.FromSeconds(unseenSeconds).Ticks);

    public static TheoryData<string, JobRecord[], JobStorage[]> BrokenSystems => new()
    {
        { "an accepted job abandoned (Running for ever)", [Job("Running", null)], [] },
        { "an accepted job failed", [Job("Failed", null)], [] },
        { "an accepted job never answered", [Job(null, null)], [] },
        { "an accepted job vanished (404) while watched", [Job(JobRecord.Gone, null)], [] },
        { "an accepted job vanished (404) after a stretch unseen shorter than its retention", [Job(JobRecord.Gone, null, unseenSeconds: 14)], [] },
        { "a chunk's result recorded twice", [Job("Completed", [1, 2, 3, 4, 3, 4])], [] },
        { "a chunk's result missing", [Job("Completed", [1, 2])], [] },
        { "results out of item order", [Job("Completed", [3, 4, 1, 2])], [] },
        { "an expired job left its keys in storage", [Job("Completed", Items)], [new JobStorage("j", ["job", "spec", "results-0"], 5)] },
    };

    [Theory]
    [MemberData(nameof(BrokenSystems))]
    public void A_history_of_broken_jobs_is_rejected(string broken, JobRecord[] jobs, JobStorage[] storage) =>
        Assert.True(JobChecker.Check(jobs, storage, Retention).Anomalies.Count > 0, $"accepted: {broken}");

    [Fact]
    public void A_job_gone_after_a_stretch_unseen_longer_than_its_retention_is_undecided_not_clean()
    {
        var result = JobChecker.Check([Job(JobRecord.Gone, null, unseenSeconds: 34)], retention: Retention);

        Assert.Empty(result.Anomalies);
        Assert.Contains("expired unseen", Assert.Single(result.Unknown));
    }

    [Fact]
    public void Completed_jobs_with_every_result_in_order_and_refused_submissions_are_accepted()
    {
        var result = JobChecker.Check([Job("Completed", Items), Job(null, null, Outcome.Failed), Job(null, null, Outcome.Indeterminate)]);

        Assert.Empty(result.Anomalies);
        Assert.Equal(1, result.Checked);
    }
}

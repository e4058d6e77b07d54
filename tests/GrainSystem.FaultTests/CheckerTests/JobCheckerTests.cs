using GrainSystem.FaultTests.Checkers.Jobs;
using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.CheckerTests;

public sealed class JobCheckerTests
{
    private static readonly long[] Items = [1, 2, 3, 4];

    private static JobRecord Job(string? state, long[]? results, Outcome outcome = Outcome.Ok) =>
        new(1, "j", Items, outcome, 0, 1, state, results, state == "Failed" ? "chunk 2 failed" : null);

    public static TheoryData<string, JobRecord[], JobStorage[]> BrokenSystems => new()
    {
        { "an accepted job abandoned (Running for ever)", [Job("Running", null)], [] },
        { "an accepted job failed", [Job("Failed", null)], [] },
        { "an accepted job vanished (404)", [Job(null, null)], [] },
        { "a chunk's result recorded twice", [Job("Completed", [1, 2, 3, 4, 3, 4])], [] },
        { "a chunk's result missing", [Job("Completed", [1, 2])], [] },
        { "results out of item order", [Job("Completed", [3, 4, 1, 2])], [] },
        { "an expired job left its keys in storage", [Job("Completed", Items)], [new JobStorage("j", ["job", "spec", "results-0"], 5)] },
    };

    [Theory]
    [MemberData(nameof(BrokenSystems))]
    public void A_history_of_broken_jobs_is_rejected(string broken, JobRecord[] jobs, JobStorage[] storage) =>
        Assert.True(JobChecker.Check(jobs, storage).Anomalies.Count > 0, $"accepted: {broken}");

    [Fact]
    public void Completed_jobs_with_every_result_in_order_and_refused_submissions_are_accepted()
    {
        var result = JobChecker.Check([Job("Completed", Items), Job(null, null, Outcome.Failed), Job(null, null, Outcome.Indeterminate)]);

        Assert.Empty(result.Anomalies);
        Assert.Equal(1, result.Checked);
    }
}

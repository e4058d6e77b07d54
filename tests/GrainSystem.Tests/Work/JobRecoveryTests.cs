using GrainSystem.Abstractions.Work;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Work;

[Collection(WorkClusterCollection.Name)]
public sealed class JobRecoveryTests(WorkClusterFixture fixture)
{
    [Fact]
    public async Task A_running_job_deactivated_mid_way_resumes_with_only_its_unfinished_chunks()
    {
        var items = Enumerable.Range(0, 24).ToArray();
        var job = await fixture.SubmitAsync("sleep", items, new { ms = 150 }, chunkSize: 1, maxParallelism: 2);
        await Poll.UntilAsync(async () => (await job.GetStatusAsync())!.CompletedChunks >= 8, TimeSpan.FromSeconds(30),
            "a third of the chunks to complete");

        await fixture.Cluster.DeactivateAsync(job);
        var status = await WorkClusterFixture.FinishedAsync(job);
        var results = await job.GetResultsAsync();
        var runs = fixture.RunsOf(job);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal("[" + string.Join(",", items) + "]", results.Json);
        // Only chunks in flight at the deactivation (at most maxParallelism) may run twice.
        Assert.InRange(runs.Count, items.Length, items.Length + 2);
        Assert.All(runs.GroupBy(r => r.Chunk), g => Assert.InRange(g.Count(), 1, 2));
    }
}

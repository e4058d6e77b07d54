using System.Diagnostics;
using GrainSystem.Abstractions.Work;
using GrainSystem.Grains.Work.Operations;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Work;

[Collection(WorkClusterCollection.Name)]
public sealed class JobDispatchTests(WorkClusterFixture fixture)
{
    [Fact]
    public async Task Chunks_run_on_both_silos()
    {
        var job = await fixture.SubmitAsync("sleep", Enumerable.Range(0, 16), new { ms = 20 }, chunkSize: 1, maxParallelism: 4);

        var status = await WorkClusterFixture.FinishedAsync(job);
        var silos = fixture.RunsOf(job).Select(r => r.Silo).Distinct().ToArray();

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(2, silos.Length);
        Assert.Equal(2, status.ChunksPerSilo.Count);
        Assert.Equal(16, status.ChunksPerSilo.Values.Sum());
    }

    [Fact]
    public async Task No_more_than_maxParallelism_chunks_run_at_once()
    {
        // Two silos offer at least 2 workers each, so without the bound more than 2 chunks would overlap.
        var job = await fixture.SubmitAsync("sleep", Enumerable.Range(0, 12), new { ms = 150 }, chunkSize: 1, maxParallelism: 2);

        await WorkClusterFixture.FinishedAsync(job);
        var runs = fixture.RunsOf(job);

        Assert.Equal(12, runs.Count);
        Assert.Equal(2, MaxOverlap(runs));
    }

    [Fact]
    public async Task Status_answers_promptly_while_long_chunks_run()
    {
        var job = await fixture.SubmitAsync("sleep", Enumerable.Range(0, 4), new { ms = 10_000 }, chunkSize: 1, maxParallelism: 4);
        await Poll.UntilAsync(async () => (await job.GetStatusAsync())!.RunningChunks == 4, TimeSpan.FromSeconds(10),
            "all four chunks to be running");

        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            var status = await job.GetStatusAsync();
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            Assert.Equal(JobState.Running, status!.State);
        }

        await job.CancelAsync();
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"a status call took {slowest.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Cancelling_sends_no_further_chunk_and_cancels_the_running_one()
    {
        var job = await fixture.SubmitAsync("sleep", Enumerable.Range(0, 20), new { ms = 30_000 }, chunkSize: 1, maxParallelism: 1);
        await Poll.UntilAsync(() => fixture.RunsOf(job).Count == 1, TimeSpan.FromSeconds(10), "the first chunk to start");

        var clock = Stopwatch.StartNew();
        var cancellation = await job.CancelAsync();
        await Poll.UntilAsync(async () => (await job.GetStatusAsync())!.RunningChunks == 0, TimeSpan.FromSeconds(10),
            "the running chunk to be answered");
        var status = await job.GetStatusAsync();
        var runs = fixture.RunsOf(job);

        Assert.Equal(JobCancellationOutcome.Cancelled, cancellation.Outcome);
        Assert.Equal(JobState.Cancelled, status!.State);
        Assert.NotNull(status.FinishedAt);
        var run = Assert.Single(runs); // nothing was sent after the cancel
        await Poll.UntilAsync(() => run.Outcome is not null, TimeSpan.FromSeconds(10), "the running chunk to stop");
        Assert.Equal("cancelled", run.Outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the running chunk was not stopped cooperatively");
        Assert.Equal(JobResultsState(JobState.Cancelled), JobResultsState((await job.GetResultsAsync()).State));
        Assert.Equal(JobCancellationOutcome.Cancelled, (await job.CancelAsync()).Outcome);
    }

    [Fact]
    public async Task Cancelling_a_finished_job_changes_nothing()
    {
        var job = await fixture.SubmitAsync("square", new[] { 1, 2, 3 });
        await WorkClusterFixture.FinishedAsync(job);

        var cancellation = await job.CancelAsync();

        Assert.Equal(JobCancellationOutcome.AlreadyFinished, cancellation.Outcome);
        Assert.Equal(JobState.Completed, (await job.GetStatusAsync())!.State);
    }

    private static string JobResultsState(JobState state) => state.ToString();

    private static int MaxOverlap(IReadOnlyList<ChunkRun> runs)
    {
        var events = runs.SelectMany(r => new[] { (At: r.StartedAt, Delta: 1), (At: r.EndedAt!.Value, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta); // an end before a start at the same instant
        int current = 0, max = 0;
        foreach (var (_, delta) in events)
        {
            current += delta;
            max = Math.Max(max, current);
        }

        return max;
    }
}

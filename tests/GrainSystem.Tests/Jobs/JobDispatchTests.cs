using System.Diagnostics;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs;
using GrainSystem.Grains.Jobs.Operations;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Jobs;

[Collection(JobsClusterCollection.Name)]
public sealed class JobDispatchTests(JobsClusterFixture fixture)
{
    [Fact]
    public async Task Chunks_run_on_both_silos()
    {
        var job = await fixture.SubmitAsync("sleep", Enumerable.Range(0, 16), new { ms = 20 }, chunkSize: 1, maxParallelism: 4);

        var status = await JobsClusterFixture.FinishedAsync(job);
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

        await JobsClusterFixture.FinishedAsync(job);
        var runs = fixture.RunsOf(job);

        Assert.Equal(12, runs.Count);
        Assert.True(MaxOverlap(runs) <= 2, $"{MaxOverlap(runs)} chunks overlapped");
    }

    [Fact]
    public async Task Status_answers_while_long_chunks_run()
    {
        // Four chunks of ten seconds each are running: if a status call waited for chunks it would see none running.
        var job = await fixture.SubmitAsync("sleep", Enumerable.Range(0, 4), new { ms = 10_000 }, chunkSize: 1, maxParallelism: 4);
        await Poll.UntilAsync(async () => (await job.GetInfoAsync())!.RunningChunks == 4, TimeSpan.FromSeconds(10),
            "all four chunks to be running");

        var answers = new List<JobInfo>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add((await job.GetInfoAsync())!);
        }

        await job.CancelAsync();
        Assert.All(answers, status =>
        {
            Assert.Equal(JobState.Running, status.State);
            Assert.Equal(4, status.RunningChunks);
        });
    }

    [Fact]
    public async Task A_silo_is_sent_no_more_chunks_than_it_has_workers()
    {
        var workers = 2 * WorkerGrain.LocalWorkers; // two silos
        var job = await fixture.SubmitAsync("sleep", Enumerable.Range(0, workers + 6), new { ms = 30_000 }, chunkSize: 1,
            maxParallelism: workers + 6);
        await Poll.UntilAsync(() => fixture.RunsOf(job).Count == workers, TimeSpan.FromSeconds(10), "every worker to run a chunk");

        var status = await job.GetInfoAsync();
        await job.CancelAsync();

        Assert.Equal(workers, status!.RunningChunks); // the others wait at the job, not queued at the workers
    }

    [Fact]
    public async Task Cancelling_sends_no_further_chunk_and_cancels_the_running_ones()
    {
        // More chunks allowed in flight than the cluster has workers: the surplus is waiting when the cancel arrives.
        var workers = 2 * WorkerGrain.LocalWorkers;
        var job = await fixture.SubmitAsync("sleep", Enumerable.Range(0, 20), new { ms = 30_000 }, chunkSize: 1, maxParallelism: 8);
        await Poll.UntilAsync(() => fixture.RunsOf(job).Count == Math.Min(8, workers), TimeSpan.FromSeconds(10),
            "the first chunks to start");

        var clock = Stopwatch.StartNew();
        var cancellation = await job.CancelAsync();
        await Poll.UntilAsync(async () => (await job.GetInfoAsync())!.RunningChunks == 0, TimeSpan.FromSeconds(10),
            "the running chunks to be answered");
        await Poll.UntilAsync(() => fixture.RunsOf(job).All(r => r.Outcome is not null), TimeSpan.FromSeconds(10),
            "the running chunks to stop");
        var status = await job.GetInfoAsync();
        var runs = fixture.RunsOf(job);

        Assert.Equal(JobCancelStatus.Cancelled, cancellation.Status);
        Assert.Equal(JobState.Cancelled, status!.State);
        Assert.NotNull(status.FinishedAt);
        Assert.Equal(Math.Min(8, workers), runs.Count); // no waiting chunk started after the cancel
        Assert.All(runs, r => Assert.Equal("cancelled", r.Outcome));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the running chunks were not stopped cooperatively");
        Assert.Equal(JobState.Cancelled, (await job.GetResultsAsync()).State);
        Assert.Equal(JobCancelStatus.Cancelled, (await job.CancelAsync()).Status);
    }

    [Fact]
    public async Task Cancelling_a_finished_job_changes_nothing()
    {
        var job = await fixture.SubmitAsync("square", new[] { 1, 2, 3 });
        await JobsClusterFixture.FinishedAsync(job);

        var cancellation = await job.CancelAsync();

        Assert.Equal(JobCancelStatus.AlreadyFinished, cancellation.Status);
        Assert.Equal(JobState.Completed, (await job.GetInfoAsync())!.State);
    }

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

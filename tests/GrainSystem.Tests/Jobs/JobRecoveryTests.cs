using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace GrainSystem.Tests.Jobs;

[Collection(JobsClusterCollection.Name)]
public sealed class JobRecoveryTests(JobsClusterFixture fixture)
{
    [Fact]
    public async Task A_running_job_deactivated_mid_way_resumes_with_only_its_unfinished_chunks()
    {
        var items = Enumerable.Range(0, 24).ToArray();
        // maxAttempts 1: the chunks cut short by the deactivation must not count as failed attempts.
        var job = await fixture.SubmitAsync("sleep", items, new { ms = 150 }, chunkSize: 1, maxParallelism: 2, maxAttempts: 1);
        await Poll.UntilAsync(async () => (await job.GetInfoAsync())!.CompletedChunks >= 8, TimeSpan.FromSeconds(30),
            "a third of the chunks to complete");

        await fixture.Cluster.DeactivateAsync(job);
        var status = await JobsClusterFixture.FinishedAsync(job);
        var results = await job.GetResultsAsync();
        var runs = fixture.RunsOf(job);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal("[" + string.Join(",", items) + "]", results.Json);
        // Only chunks in flight at the deactivation (at most maxParallelism) may run twice.
        Assert.InRange(runs.Count, items.Length, items.Length + 2);
        Assert.All(runs.GroupBy(r => r.Chunk), g => Assert.InRange(g.Count(), 1, 2));
    }

    [Fact]
    public void A_failed_jobs_state_with_its_errors_round_trips_through_the_storage_serializer()
    {
        var serializer = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress)
            .GetRequiredService<IGrainStorageSerializer>();
        var at = DateTimeOffset.Parse("2026-01-02T03:04:05Z");
        var state = new JobProgressState
        {
            State = JobState.Failed,
            StartedAt = at,
            FinishedAt = at.AddSeconds(1),
            FailedChunks = 1,
            CompletedChunks = 7,
            Retries = 2,
            Errors = [new ChunkError(3, 1, "boom", at, false), new ChunkError(3, 2, "boom again", at, true)],
            Chunks = { [3] = new ChunkAttemptCounts { Failed = 2, Lost = 1 } },
        };

        var read = serializer.Deserialize<JobProgressState>(serializer.Serialize(state))!;

        Assert.Equal(JobState.Failed, read.State);
        Assert.Equal(state.FinishedAt, read.FinishedAt);
        Assert.Equal((1, 7, 2), (read.FailedChunks, read.CompletedChunks, read.Retries));
        Assert.Equal(state.Errors, read.Errors);
        Assert.Equal(new ChunkAttemptCounts { Failed = 2, Lost = 1 }, read.Chunks[3]);
    }

    [Fact]
    public async Task Finished_chunks_are_written_in_a_few_batches_not_one_per_chunk()
    {
        var job = await fixture.SubmitAsync("square", Enumerable.Range(0, 300), chunkSize: 1, maxParallelism: 16);
        var status = await JobsClusterFixture.FinishedAsync(job);

        var storage = fixture.Cluster.DefaultStorage();
        var log = new JobResultLog(storage, job.GetGrainId());
        var entries = await log.LoadAsync();

        Assert.Equal(300, entries.Select(e => e.Chunk).Distinct().Count());
        // One write per 250 ms gathering interval at most (plus the last chunks' write), however long a loaded
        // machine makes the job run; one write per finished chunk (or per completion round) is far more.
        var took = status.FinishedAt!.Value - status.StartedAt!.Value;
        var allowed = (int)(took / TimeSpan.FromMilliseconds(250)) + 2;
        Assert.True(log.NextBatch <= allowed, $"{log.NextBatch} batches for 300 chunks in {took.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Results_of_a_job_whose_operation_is_not_registered_here_are_an_expected_failure()
    {
        // A job stored by a silo that had an operation this deployment lacks (written directly, as that silo would).
        var job = fixture.Client.GetGrain<IJobGrain>(Guid.NewGuid().ToString("N"));
        var storage = fixture.Cluster.DefaultStorage();
        await storage.WriteStateAsync("spec", job.GetGrainId(), new GrainState<JobSpecState>(new JobSpecState
        {
            Operation = "retired",
            Chunks = ["[1]"],
            TotalItems = 1,
            ChunkSize = 1,
            MaxParallelism = 1,
            MaxAttempts = 1,
            CreatedAt = DateTimeOffset.UtcNow,
        }));

        var results = await job.GetResultsAsync();

        Assert.Equal(JobResultsStatus.Unavailable, results.Status);
        Assert.Null(results.Json);
        Assert.Contains("'retired' is not registered", results.Error);
    }
}

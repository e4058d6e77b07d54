using System.Text.Json;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Testing;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Jobs;

/// <summary>Finished jobs are deleted when their retention ends (a cluster of its own: the retention is 2 s here).</summary>
public sealed class JobExpiryTests(JobExpiryTests.Fixture fixture) : IClassFixture<JobExpiryTests.Fixture>
{
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_finished_job_keeps_its_results_for_the_retention_then_its_stored_data_is_deleted_without_any_call()
    {
        // It runs longer than the retention: the retention counts from the end, not from the submission.
        var job = await SubmitAsync(Guid.NewGuid().ToString("N"), "sleep", new[] { 1, 2 }, new { ms = 1500 }, chunkSize: 1);
        var status = await JobsClusterFixture.FinishedAsync(job);
        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal("[1,2]", (await job.GetResultsAsync()).Json);
        Assert.True(await StoredAsync(job, "spec"));
        Assert.True(await StoredAsync(job, "results-0"));

        // The expiry reminder deletes the job with no call arriving.
        await Poll.UntilAsync(async () => !await StoredAsync(job, "spec"), Deadline, "the job's spec to be deleted");
        await Poll.UntilAsync(async () => !await StoredAsync(job, "job") && !await StoredAsync(job, "results-0"), Deadline,
            "the job's state and result log to be deleted");
        Assert.True(status.FinishedAt + Retention <= DateTimeOffset.UtcNow);
        Assert.Null(await job.GetInfoAsync());
        Assert.Equal(JobResultsStatus.NotFound, (await job.GetResultsAsync()).Status);
    }

    [Fact]
    public async Task A_cancelled_job_is_deleted_when_its_retention_ends()
    {
        var job = await SubmitAsync(Guid.NewGuid().ToString("N"), "sleep", Enumerable.Range(0, 4), new { ms = 30_000 }, chunkSize: 1);
        Assert.Equal(JobCancelStatus.Cancelled, (await job.CancelAsync()).Status);

        await Poll.UntilAsync(async () => !await StoredAsync(job, "spec") && !await StoredAsync(job, "job"), Deadline,
            "the cancelled job to be deleted");
        Assert.Null(await job.GetInfoAsync());
    }

    [Fact]
    public async Task An_id_is_refused_while_its_job_is_kept_and_free_for_a_new_job_once_it_was_deleted()
    {
        var id = Guid.NewGuid().ToString("N");
        var first = await SubmitAsync(id, "square", new[] { 2, 3 }, new { });
        await JobsClusterFixture.FinishedAsync(first);
        Assert.Equal(JobSubmitStatus.AlreadyExists, (await first.SubmitAsync(Spec("square", new[] { 4 }, new { }))).Status);

        JobSubmitResult? second = null;
        await Poll.UntilAsync(async () =>
        {
            second = await first.SubmitAsync(Spec("square", new[] { 4 }, new { }));
            return second.Status == JobSubmitStatus.Accepted;
        }, Deadline, "the id to take a new job");

        await JobsClusterFixture.FinishedAsync(first);
        Assert.Equal("[16]", (await first.GetResultsAsync()).Json);
        Assert.Equal(1, (await first.GetInfoAsync())!.TotalItems);
    }

    private async Task<IJobGrain> SubmitAsync(string id, string operation, object items, object args, int chunkSize = 10)
    {
        var job = fixture.Cluster.Client.GetGrain<IJobGrain>(id);
        var submission = await job.SubmitAsync(Spec(operation, items, args, chunkSize));
        Assert.True(submission.Status == JobSubmitStatus.Accepted, $"{submission.Status}: {submission.Message}");
        return job;
    }

    private static JobSpec Spec(string operation, object items, object args, int chunkSize = 10) =>
        new(operation, JsonSerializer.Serialize(args), JsonSerializer.Serialize(items), chunkSize, 4, 3);

    private Task<bool> StoredAsync(IJobGrain job, string stateName) => fixture.Cluster.HasStateAsync(job.GetGrainId(), stateName);

    public sealed class Fixture : IAsyncLifetime
    {
        public InProcessTestCluster Cluster { get; } = TestClusters.Build(silos: 1, new Dictionary<string, string?>
        {
            ["Jobs:FinishedRetention"] = Retention.ToString(),
        });

        public Task InitializeAsync() => Cluster.DeployAsync();

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }
}

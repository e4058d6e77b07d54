using System.Text.Json;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Testing;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Jobs;

/// <summary>Kills a silo, so it has a cluster of its own.</summary>
public sealed class JobSiloLossTests : IAsyncLifetime
{
    private readonly InProcessTestCluster _cluster = TestClusters.Build(silos: 2, new Dictionary<string, string?>
    {
        ["Jobs:RetryBaseDelay"] = "00:00:00.100",
    });

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Chunks_lost_with_a_worker_silo_are_sent_again_without_using_up_attempts()
    {
        var survivor = _cluster.Silos[0];
        var doomed = _cluster.Silos[1];
        var job = _cluster.Client.GetGrain<IJobGrain>(Guid.NewGuid().ToString("N"));
        RequestContext.Set(IPlacementDirector.PlacementHintKey, survivor.SiloAddress);
        var submission = await job.SubmitAsync(new JobSpec("sleep", """{"ms":300}""",
            JsonSerializer.Serialize(Enumerable.Range(0, 40)), 1, 4, MaxAttempts: 1));
        RequestContext.Clear();
        Assert.Equal(JobSubmitStatus.Accepted, submission.Status);
        await Poll.UntilAsync(async () => (await job.GetInfoAsync())!.ChunksPerSilo.ContainsKey(doomed.SiloAddress.ToString()),
            TimeSpan.FromSeconds(30), "chunks to complete on the silo about to die");

        await _cluster.KillSiloAsync(doomed);
        JobInfo? status = null;
        await Poll.UntilAsync(async () => (status = await job.GetInfoAsync())!.State != JobState.Running,
            TimeSpan.FromSeconds(90), "the job to finish on the surviving silo");
        var results = await job.GetResultsAsync();

        Assert.True(status!.State == JobState.Completed, string.Join(" | ", status.Errors.Select(e => e.Message)));
        Assert.Equal("[" + string.Join(",", Enumerable.Range(0, 40)) + "]", results.Json);
    }
}

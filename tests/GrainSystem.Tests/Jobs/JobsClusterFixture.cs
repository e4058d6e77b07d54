using System.Text.Json;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs.Operations;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Jobs;

/// <summary>Two silos with short retry backoff and <see cref="WorkerCallFaults"/> on their outgoing calls, shared by the Jobs tests.</summary>
public sealed class JobsClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(200);

    public InProcessTestCluster Cluster { get; } = TestClusters.Build(silos: 2, new Dictionary<string, string?>
    {
        ["Jobs:RetryBaseDelay"] = RetryBaseDelay.ToString(),
        ["Jobs:RetryMaxDelay"] = "00:00:05",
    }, configureSilo: silo => silo.AddOutgoingGrainCallFilter<WorkerCallFaults>());

    public IClusterClient Client => Cluster.Client;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Submits a job under a fresh id and asserts it was accepted.</summary>
    public async Task<IJobGrain> SubmitAsync(string operation, object items, object? args = null, int chunkSize = 10,
        int maxParallelism = 8, int maxAttempts = 3)
    {
        var job = Client.GetGrain<IJobGrain>(Guid.NewGuid().ToString("N"));
        var submission = await job.SubmitAsync(new JobSpec(operation, JsonSerializer.Serialize(args ?? new { }),
            JsonSerializer.Serialize(items), chunkSize, maxParallelism, maxAttempts));
        Assert.True(submission.Status == JobSubmitStatus.Accepted, $"{submission.Status}: {submission.Field} {submission.Message}");
        return job;
    }

    /// <summary>Waits until the job reaches a final state and returns its status.</summary>
    public static async Task<JobInfo> FinishedAsync(IJobGrain job, TimeSpan? timeout = null)
    {
        JobInfo? status = null;
        await Poll.UntilAsync(async () =>
        {
            status = await job.GetInfoAsync();
            return status!.State is JobState.Completed or JobState.Failed or JobState.Cancelled;
        }, timeout ?? TimeSpan.FromSeconds(60), $"job {job.GetPrimaryKeyString()} to finish");
        return status!;
    }

    /// <summary>The test operations' records of the job's chunk runs, from both silos.</summary>
    public IReadOnlyList<ChunkRun> RunsOf(IJobGrain job) => Cluster.Silos
        .SelectMany(s => Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<TestOperationJournal>()
            .RunsOf(job.GetPrimaryKeyString()))
        .OrderBy(r => r.StartedAt)
        .ToArray();
}

[CollectionDefinition(Name)]
public sealed class JobsClusterCollection : ICollectionFixture<JobsClusterFixture>
{
    public const string Name = "work-cluster";
}

using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains;
using GrainSystem.Hosting;
using GrainSystem.Testing;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Jobs;

/// <summary>A silo whose default response timeout is 2 s, shorter than the chunks it runs: a cluster of its own.</summary>
public sealed class JobLongChunkTests : IAsyncLifetime
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(2);

    private readonly InProcessTestCluster _cluster = Build();

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_chunk_running_longer_than_the_default_response_timeout_completes_on_its_first_attempt()
    {
        var job = _cluster.Client.GetGrain<IJobGrain>(Guid.NewGuid().ToString("N"));
        var submission = await job.SubmitAsync(new JobSpec("sleep", """{"ms":4000}""", "[7]", 1, 1, MaxAttempts: 1));
        Assert.Equal(JobSubmitStatus.Accepted, submission.Status);

        JobInfo? status = null;
        await Poll.UntilAsync(async () => (status = await job.GetInfoAsync())!.State is not (JobState.Pending or JobState.Running),
            TimeSpan.FromSeconds(60), "the long chunk's job to finish");

        Assert.True(status!.State == JobState.Completed, string.Join(" | ", status.Errors.Select(e => e.Message)));
        Assert.Equal(0, status.Retries);
        Assert.Equal("[7]", (await job.GetResultsAsync()).Json);
    }

    private static InProcessTestCluster Build()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:EnableTestOperations"] = "true" })
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo
            .AddGrainSystem(configuration, StorageBackend.Embedded)
            .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout));
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout));
        return builder.Build();
    }
}

using GrainSystem.Abstractions.Jobs;
using GrainSystem.Client.Jobs;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.IntegrationTests.Jobs;

/// <summary>A silo in this process storing in a real redis-server, with a 2 s retention of finished jobs.</summary>
public sealed class JobRedisStorageTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private RedisServer _redis = null!;
    private CoHostedSilo _silo = null!;

    private IJobClient Jobs => _silo.Services.GetRequiredService<IJobClient>();

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _silo = await CoHostedSilo.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
            ["Jobs:FinishedRetention"] = "00:00:02",
        });
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_finished_jobs_keys_leave_redis_after_its_retention_and_its_id_then_runs_a_new_job()
    {
        var id = Guid.NewGuid().ToString("N");
        await RunAsync(id, "[1,2,3]", "[1,4,9]");
        Assert.Contains(await KeysOfAsync(id), key => key.EndsWith("/results-0", StringComparison.Ordinal));

        await Poll.UntilAsync(async () => (await KeysOfAsync(id)).Count == 0, Deadline,
            $"every Redis key of job {id} (job, spec, results-N) to be deleted after its retention");
        Assert.Null(await Jobs.GetInfoAsync(id));

        // The id is free again: a new job under it writes its own result log from batch 0 and completes.
        await RunAsync(id, "[4]", "[16]");
    }

    private async Task RunAsync(string id, string items, string results)
    {
        JobSubmitResult? submission = null;
        await Poll.UntilAsync(async () =>
            (submission = await Jobs.SubmitAsync(id, new JobSpec("square", "{}", items, 1, 2, 1))).Status != JobSubmitStatus.Unavailable,
            Deadline, $"job {id} to be accepted");
        Assert.Equal(JobSubmitStatus.Accepted, submission!.Status);
        using var wait = new CancellationTokenSource(Deadline);
        Assert.Equal(JobState.Completed, (await Jobs.WaitAsync(id, cancellationToken: wait.Token)).State);
        Assert.Equal(results, (await Jobs.GetResultsAsync(id)).Json);
    }

    private async Task<List<string>> KeysOfAsync(string id) =>
        (await _redis.Server.KeysAsync(pattern: $"*{id}*").ToListAsync()).Select(key => key.ToString()).ToList();
}

using System.Text.Json;
using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Tests.Jobs;

/// <summary>Chunks lost with their worker's silo: re-sent without using attempts, but not for ever.</summary>
[Collection(JobsClusterCollection.Name)]
public sealed class JobLostChunkTests(JobsClusterFixture fixture)
{
    [Fact]
    public async Task A_chunk_lost_every_time_it_is_sent_fails_the_job_after_twice_maxAttempts_losses()
    {
        var id = Guid.NewGuid().ToString("N");
        WorkerCallFaults.LoseEveryChunkOf(id);
        var job = fixture.Client.GetGrain<IJobGrain>(id);
        const int maxAttempts = 2;
        var submission = await job.SubmitAsync(new JobSpec("flaky", """{"failAttempts":0}""", JsonSerializer.Serialize(new[] { 3 }), 1, 1, maxAttempts));
        Assert.Equal(JobSubmitStatus.Accepted, submission.Status);

        var status = await JobsClusterFixture.FinishedAsync(job);

        Assert.Equal(JobState.Failed, status.State);
        // Losses give the attempt back (attempt 1 every time), and the cap is 2 × maxAttempts losses.
        var final = Assert.Single(status.Errors, e => e.Final);
        Assert.Contains($"lost {2 * maxAttempts + 1} times", final.Message);
        Assert.Equal(1, final.Attempt);
        Assert.Equal(2 * maxAttempts + 1, WorkerCallFaults.Lost(id));
        Assert.Empty(fixture.RunsOf(job)); // no worker ever ran it
    }
}

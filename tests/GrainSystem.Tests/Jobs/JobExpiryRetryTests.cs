using System.Text.Json;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Jobs;

/// <summary>
/// A failed deletion of an expired job is retried by its activation, with no reminder tick or call to trigger it (a
/// cluster of its own: finished jobs are kept 3 s, and the resume reminder ticks only every 10 minutes).
/// </summary>
public sealed class JobExpiryRetryTests(JobExpiryRetryTests.Fixture fixture) : IClassFixture<JobExpiryRetryTests.Fixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_deletion_that_failed_is_retried_until_done_with_no_reminder_and_no_further_call()
    {
        var job = fixture.Cluster.Client.GetGrain<IJobGrain>(Guid.NewGuid().ToString("N"));

        // No expiry reminder: the job keeps its resume reminder, which is not due for 10 minutes.
        fixture.Reminders.FailNextUpsert(job.GetGrainId(), "expire");
        var submission = await job.SubmitAsync(new JobSpec("square", "{}", JsonSerializer.Serialize(new[] { 2, 3 }), 1, 2, 3));
        Assert.Equal(JobSubmitStatus.Accepted, submission.Status);
        await Poll.UntilAsync(async () =>
            (await fixture.Cluster.ReadStateAsync<JobProgressState>(job.GetGrainId(), "job")).State?.State == JobState.Completed,
            Deadline, "the job's completion to be stored");

        // The first write of the deletion (its expired mark) fails.
        var writes = 0;
        fixture.Storage.Fails = c => c.GrainId == job.GetGrainId() && c.StateName == "job"
            && c.Operation == GrainStorageOperation.Write && Interlocked.Increment(ref writes) == 1;

        // One call finds the retention over: it answers 404 and starts the deletion, which fails; no call follows.
        await Poll.UntilAsync(async () => await job.GetInfoAsync() is null, Deadline, "the job to answer as unknown");
        await Poll.UntilAsync(async () => !await fixture.Cluster.HasStateAsync(job.GetGrainId(), "job")
            && !await fixture.Cluster.HasStateAsync(job.GetGrainId(), "spec"), Deadline, "the job's states to be deleted");
        Assert.True(Volatile.Read(ref writes) >= 2);
    }

    public sealed class Fixture() : JobExpiryFaultTests.FaultyStorageFixture(resumeCheckPeriod: "00:10:00");
}

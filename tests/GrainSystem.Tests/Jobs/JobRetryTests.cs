using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs;

namespace GrainSystem.Tests.Jobs;

[Collection(JobsClusterCollection.Name)]
public sealed class JobRetryTests(JobsClusterFixture fixture)
{
    [Fact]
    public async Task Flaky_chunks_are_retried_and_succeed_within_maxAttempts()
    {
        var items = Enumerable.Range(0, 6).ToArray();
        var job = await fixture.SubmitAsync("flaky", items, new { failAttempts = 2 }, chunkSize: 2, maxAttempts: 3);

        var status = await JobsClusterFixture.FinishedAsync(job);
        var results = await job.GetResultsAsync();

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(6, status.Retries); // 3 chunks × 2 failed attempts
        Assert.Equal(6, status.Errors.Count);
        Assert.All(status.Errors, e => Assert.False(e.Final));
        Assert.Equal("[0,1,2,3,4,5]", results.Json);
        Assert.Equal(9, fixture.RunsOf(job).Count);
    }

    [Fact]
    public async Task A_chunk_exhausting_its_attempts_fails_the_job_with_its_last_error()
    {
        var job = await fixture.SubmitAsync("flaky", Enumerable.Range(0, 4), new { failAttempts = 5 }, chunkSize: 4, maxAttempts: 2);

        var status = await JobsClusterFixture.FinishedAsync(job);
        var results = await job.GetResultsAsync();

        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(1, status.FailedChunks);
        var final = Assert.Single(status.Errors, e => e.Final);
        Assert.Equal(0, final.Chunk);
        Assert.Equal(2, final.Attempt);
        Assert.Contains("attempt 2 of chunk 0 fails on purpose", final.Message);
        Assert.Null(results.Json);
        Assert.Equal(2, fixture.RunsOf(job).Count);
    }

    [Fact]
    public async Task No_chunk_starts_after_the_job_failed()
    {
        // Chunk 0 fails for good at once; the other chunks wait behind maxParallelism 1 and must never run.
        var job = await fixture.SubmitAsync("flaky", Enumerable.Range(0, 10), new { failAttempts = 1 }, chunkSize: 1,
            maxParallelism: 1, maxAttempts: 1);

        var status = await JobsClusterFixture.FinishedAsync(job);

        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(0, status.CompletedChunks);
        Assert.Equal(0, Assert.Single(fixture.RunsOf(job)).Chunk);
    }

    [Fact]
    public async Task Backoff_between_attempts_grows()
    {
        var job = await fixture.SubmitAsync("flaky", new[] { 1 }, new { failAttempts = 3 }, chunkSize: 1, maxAttempts: 4);

        await JobsClusterFixture.FinishedAsync(job);
        var starts = fixture.RunsOf(job).Select(r => r.StartedAt).ToArray();
        var gaps = starts.Zip(starts.Skip(1), (a, b) => b - a).ToArray();

        Assert.Equal(4, starts.Length);
        var unit = JobsClusterFixture.RetryBaseDelay;
        // Retry n waits in [base·2^(n-1)/2, base·2^(n-1)]: at least 100, 200, 400 ms here. Only lower bounds: a loaded
        // machine can stretch any gap.
        Assert.True(gaps[0] >= unit / 2, $"gaps {string.Join(", ", gaps)}");
        Assert.True(gaps[1] >= unit, $"gaps {string.Join(", ", gaps)}");
        Assert.True(gaps[2] >= unit * 2, $"gaps {string.Join(", ", gaps)}");
    }

    [Fact]
    public void Backoff_ranges_double_per_attempt_up_to_the_cap()
    {
        var baseDelay = TimeSpan.FromSeconds(1);
        var cap = TimeSpan.FromSeconds(10);
        for (var seed = 0; seed < 50; seed++)
        {
            var random = new Random(seed);
            var delays = Enumerable.Range(1, 6).Select(a => RetryBackoff.Delay(a, baseDelay, cap, random)).ToArray();
            for (var attempt = 1; attempt <= 6; attempt++)
            {
                var ceiling = TimeSpan.FromSeconds(Math.Min(10, Math.Pow(2, attempt - 1)));
                Assert.InRange(delays[attempt - 1], ceiling / 2, ceiling);
            }

            Assert.True(delays[0] <= delays[1] && delays[1] <= delays[2] && delays[2] <= delays[3]);
        }
    }

    [Fact]
    public async Task An_item_of_the_wrong_type_fails_the_job_at_once_with_a_clear_error()
    {
        object[] items = [1, 2, 3, "four", 5];
        var job = await fixture.SubmitAsync("square", items, chunkSize: 2, maxAttempts: 5);

        var status = await JobsClusterFixture.FinishedAsync(job);

        Assert.Equal(JobState.Failed, status.State);
        var error = Assert.Single(status.Errors);
        Assert.True(error.Final);
        Assert.Equal(1, error.Chunk);
        Assert.Equal(1, error.Attempt); // permanent: not retried
        Assert.Contains("item 3: expected a number, got string \"four\"", error.Message);
    }
}

using System.Text.Json;
using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Tests.Jobs;

[Collection(JobsClusterCollection.Name)]
public sealed class JobSubmissionTests(JobsClusterFixture fixture)
{
    [Theory]
    [InlineData("square", "[1]", 0, 8, 3, "chunkSize")]
    [InlineData("square", "[1]", 100_001, 8, 3, "chunkSize")]
    [InlineData("square", "[1]", 10, 0, 3, "maxParallelism")]
    [InlineData("square", "[1]", 10, 1_025, 3, "maxParallelism")]
    [InlineData("square", "[1]", 10, 8, 0, "maxAttempts")]
    [InlineData("square", "[1]", 10, 8, 21, "maxAttempts")]
    [InlineData("square", "{\"a\":1}", 10, 8, 3, "items")]
    [InlineData("nope", "[1]", 10, 8, 3, "operation")]
    public async Task Invalid_specs_are_refused_naming_the_field_and_nothing_is_stored(
        string operation, string items, int chunkSize, int maxParallelism, int maxAttempts, string field)
    {
        var job = fixture.Client.GetGrain<IJobGrain>(Guid.NewGuid().ToString("N"));

        var submission = await job.SubmitAsync(new JobSpec(operation, "{}", items, chunkSize, maxParallelism, maxAttempts));

        Assert.NotEqual(JobSubmitStatus.Accepted, submission.Status);
        Assert.Equal(field, submission.Field);
        Assert.Null(await job.GetInfoAsync());
    }

    [Fact]
    public async Task An_unknown_operation_is_refused_listing_the_known_ones()
    {
        var job = fixture.Client.GetGrain<IJobGrain>(Guid.NewGuid().ToString("N"));

        var submission = await job.SubmitAsync(new JobSpec("cube", "{}", "[1]", 1, 1, 1));

        Assert.Equal(JobSubmitStatus.UnknownOperation, submission.Status);
        Assert.Equal(["flaky", "primes", "sha256", "sleep", "square", "sum", "wordcount"], submission.KnownOperations);
        Assert.Contains("square", submission.Message);
    }

    [Fact]
    public async Task More_than_a_million_items_are_refused()
    {
        var job = fixture.Client.GetGrain<IJobGrain>(Guid.NewGuid().ToString("N"));
        var items = JsonSerializer.Serialize(new int[JobLimits.MaxItems + 1]);

        var submission = await job.SubmitAsync(new JobSpec("square", "{}", items, 1000, 8, 3));

        Assert.Equal(JobSubmitStatus.Invalid, submission.Status);
        Assert.Equal("items", submission.Field);
    }

    [Fact]
    public async Task A_second_submission_with_the_same_id_changes_nothing()
    {
        var job = await fixture.SubmitAsync("square", new[] { 1, 2 });

        var again = await job.SubmitAsync(new JobSpec("sum", "{}", "[5]", 1, 1, 1));
        await JobsClusterFixture.FinishedAsync(job);

        Assert.Equal(JobSubmitStatus.AlreadyExists, again.Status);
        Assert.Equal("square", (await job.GetInfoAsync())!.Operation);
        Assert.Equal("[1,4]", (await job.GetResultsAsync()).Json);
    }

    [Fact]
    public async Task Status_results_and_cancel_of_an_unknown_job_say_not_found()
    {
        var job = fixture.Client.GetGrain<IJobGrain>(Guid.NewGuid().ToString("N"));

        Assert.Null(await job.GetInfoAsync());
        Assert.Equal(JobResultsStatus.NotFound, (await job.GetResultsAsync()).Status);
        Assert.Equal(JobCancelStatus.NotFound, (await job.CancelAsync()).Status);
    }
}

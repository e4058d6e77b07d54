using GrainSystem.Abstractions.Jobs;
using GrainSystem.Client.Jobs;

namespace GrainSystem.Tests.Jobs;

[Collection(JobsClusterCollection.Name)]
public sealed class JobClientTests(JobsClusterFixture fixture)
{
    private readonly JobClient _jobs = new(fixture.Client);

    [Fact]
    public async Task Typed_items_go_in_and_typed_results_come_back_in_order()
    {
        var submitted = await _jobs.SubmitAsync("square", new[] { 3, 1, 2 }, options: new JobSubmitOptions { ChunkSize = 1 });

        var status = await _jobs.WaitAsync(submitted.Id);
        var results = await _jobs.GetResultsAsync<long>(submitted.Id);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal([9L, 1L, 4L], results);
    }

    [Fact]
    public async Task A_reduced_value_comes_back_typed()
    {
        var submitted = await _jobs.SubmitAsync("wordcount", new[] { "a b", "b" });

        await _jobs.WaitAsync(submitted.Id);
        var counts = await _jobs.GetReducedAsync<Dictionary<string, int>>(submitted.Id);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }, counts);
    }

    [Fact]
    public async Task A_refused_spec_throws_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<JobRejectedException>(() => _jobs.SubmitAsync("cube", new[] { 1 }));

        Assert.Equal("operation", error.ParamName);
        Assert.Contains("square", error.KnownOperations);
    }
}

using GrainSystem.Abstractions.Jobs;
using GrainSystem.Client.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Tests.Jobs;

[Collection(JobsClusterCollection.Name)]
public sealed class JobClientTests(JobsClusterFixture fixture)
{
    private readonly IJobClient _jobs = new JobClient(fixture.Client);

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

    [Fact]
    public async Task A_raw_spec_runs_under_the_callers_id_and_its_raw_results_come_back()
    {
        var id = Guid.NewGuid().ToString("N");
        var spec = new JobSpec("square", "{}", "[1,2]", 1, 2, 1);

        var submitted = await _jobs.SubmitAsync(id, spec);
        var again = await _jobs.SubmitAsync(id, spec);
        await _jobs.WaitAsync(id);
        var results = await _jobs.GetResultsAsync(id);

        Assert.Equal(JobSubmitStatus.Accepted, submitted.Status);
        Assert.Equal(id, submitted.Info!.Id);
        Assert.Equal(JobSubmitStatus.AlreadyExists, again.Status);
        Assert.Equal(JobResultsStatus.Available, results.Status);
        Assert.Equal("[1,4]", results.Json);
        Assert.Equal(JobCancelStatus.AlreadyFinished, (await _jobs.CancelAsync(id)).Status);
    }

    [Fact]
    public async Task An_unknown_id_has_no_info_no_results_and_nothing_to_cancel()
    {
        var id = Guid.NewGuid().ToString("N");

        Assert.Null(await _jobs.GetInfoAsync(id));
        Assert.Equal(JobResultsStatus.NotFound, (await _jobs.GetResultsAsync(id)).Status);
        Assert.Equal(JobCancelStatus.NotFound, (await _jobs.CancelAsync(id)).Status);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _jobs.WaitAsync(id));
    }

    [Fact]
    public async Task The_registered_operations_are_listed()
    {
        var operations = await _jobs.GetOperationsAsync();

        Assert.Equal(["flaky", "primes", "sha256", "sleep", "square", "sum", "wordcount"], operations.Select(o => o.Name).Order());
        Assert.True(operations.Single(o => o.Name == "sum").Reduces);
    }

    [Fact]
    public void AddJobClient_registers_the_facade_over_the_grain_factory()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IGrainFactory>(fixture.Client)
            .AddJobClient()
            .BuildServiceProvider();

        Assert.IsType<JobClient>(services.GetRequiredService<IJobClient>());
    }
}

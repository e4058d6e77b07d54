using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs.Operations;

namespace GrainSystem.Tests.Jobs;

[Collection(JobsClusterCollection.Name)]
public sealed class JobResultTests(JobsClusterFixture fixture)
{
    [Fact]
    public async Task Square_results_come_back_in_item_order_across_many_chunks()
    {
        var items = Enumerable.Range(-50, 257).ToArray();
        var job = await fixture.SubmitAsync("square", items, chunkSize: 7, maxParallelism: 5);

        var status = await JobsClusterFixture.FinishedAsync(job);
        var results = await ResultsAsync(job);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(37, status.TotalChunks);
        Assert.Equal(37, status.CompletedChunks);
        Assert.Equal(items.Select(i => (long)i * i), results.EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task Sum_reduces_all_chunks_into_one_exact_value()
    {
        var items = Enumerable.Range(1, 1000).Select(i => (long)i * 1_000_000_007L).ToArray();
        var job = await fixture.SubmitAsync("sum", items, chunkSize: 33);

        await JobsClusterFixture.FinishedAsync(job);
        var result = await job.GetResultsAsync();

        Assert.True(result.Reduced);
        Assert.Equal(items.Sum(), JsonDocument.Parse(result.Json!).RootElement.GetInt64());
    }

    [Fact]
    public async Task Sha256_hashes_each_string_in_order()
    {
        var items = Enumerable.Range(0, 45).Select(i => $"item-{i}-ü").ToArray();
        var job = await fixture.SubmitAsync("sha256", items, chunkSize: 4);

        await JobsClusterFixture.FinishedAsync(job);
        var results = await ResultsAsync(job);

        Assert.Equal(items.Select(i => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(i)))),
            results.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Wordcount_merges_the_counts_of_every_chunk_into_one_map()
    {
        string[] items = ["the cat sat", "The dog, the CAT!", "a dog's day", "", "sat sat"];
        var job = await fixture.SubmitAsync("wordcount", items, chunkSize: 2);

        await JobsClusterFixture.FinishedAsync(job);
        var result = await job.GetResultsAsync();
        var counts = JsonSerializer.Deserialize<Dictionary<string, long>>(result.Json!)!;

        Assert.True(result.Reduced);
        Assert.Equal(new Dictionary<string, long>
        {
            ["a"] = 1,
            ["cat"] = 2,
            ["day"] = 1,
            ["dog"] = 1,
            ["dog's"] = 1,
            ["sat"] = 3,
            ["the"] = 3,
        }, counts);
    }

    [Fact]
    public async Task Primes_flags_each_integer_in_order()
    {
        var items = Enumerable.Range(0, 500).Select(i => (long)i).Append(1_000_000_007L).Append(1_000_000_008L).ToArray();
        var job = await fixture.SubmitAsync("primes", items, chunkSize: 50);

        await JobsClusterFixture.FinishedAsync(job);
        var results = await ResultsAsync(job);

        Assert.Equal(items.Select(PrimesOperation.IsPrime), results.EnumerateArray().Select(e => e.GetBoolean()));
        Assert.Equal(95, results.EnumerateArray().Take(500).Count(e => e.GetBoolean())); // π(500) = 95
        Assert.True(results[500].GetBoolean());
        Assert.False(results[501].GetBoolean());
    }

    [Fact]
    public async Task An_empty_job_completes_with_no_results()
    {
        var job = await fixture.SubmitAsync("square", Array.Empty<int>());

        var status = await JobsClusterFixture.FinishedAsync(job);

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(0, status.TotalChunks);
        Assert.Equal(0, (await ResultsAsync(job)).GetArrayLength());
    }

    [Fact]
    public async Task Results_survive_a_deactivation_of_the_job_grain()
    {
        var items = Enumerable.Range(0, 100).ToArray();
        var job = await fixture.SubmitAsync("square", items, chunkSize: 3);
        await JobsClusterFixture.FinishedAsync(job);

        await fixture.Cluster.DeactivateAsync(job);
        var results = await ResultsAsync(job);
        var status = await job.GetInfoAsync();

        Assert.Equal(JobState.Completed, status!.State);
        Assert.Equal(items.Select(i => (long)i * i), results.EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task A_job_at_the_item_limit_completes()
    {
        // At the limit, but light on the shared cluster: a reducing operation in ten chunks keeps one number per
        // chunk instead of a million results (the per-item result path is covered by the other tests).
        var items = Enumerable.Range(0, JobLimits.MaxItems).ToArray();
        var job = await fixture.SubmitAsync("sum", items, chunkSize: JobLimits.MaxItems / 10, maxParallelism: 4);

        var status = await JobsClusterFixture.FinishedAsync(job, TimeSpan.FromSeconds(120));
        var results = await job.GetResultsAsync();

        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal(JobLimits.MaxItems, status.TotalItems);
        Assert.Equal(10, status.TotalChunks);
        Assert.True(results.Reduced);
        Assert.Equal((long)JobLimits.MaxItems * (JobLimits.MaxItems - 1) / 2, JsonDocument.Parse(results.Json!).RootElement.GetInt64());
    }

    private static async Task<JsonElement> ResultsAsync(IJobGrain job)
    {
        var results = await job.GetResultsAsync();
        Assert.Equal(JobState.Completed, results.State);
        Assert.False(results.Reduced);
        return JsonDocument.Parse(results.Json!).RootElement;
    }
}

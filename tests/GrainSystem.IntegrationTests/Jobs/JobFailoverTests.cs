using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Jobs;

public sealed class JobFailoverTests(JobFailoverCluster cluster) : IClassFixture<JobFailoverCluster>
{
    [Fact]
    public async Task A_job_whose_silo_is_killed_resumes_on_the_survivor_and_completes_with_ordered_results()
    {
        var items = Enumerable.Range(1000, 80).ToArray();
        var submit = await cluster.Http.PostAsJsonAsync("/jobs",
            new { operation = "sleep", args = new { ms = 500 }, items, chunkSize = 1, maxParallelism = 4, maxAttempts = 5 });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var id = (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Poll.UntilAsync(async () => (await StatusAsync(id)).GetProperty("completedChunks").GetInt32() >= 12,
            TimeSpan.FromSeconds(60), "a few chunks to complete");

        var host = await cluster.SiloHostingAsync(cluster.Client.GetGrain<IJobGrain>(id));
        host.Process.Kill();

        // Nothing calls the job now: only its reminder can wake it on the surviving silo.
        await Poll.UntilAsync(() => StoredStateIsCompletedAsync(id), TimeSpan.FromSeconds(90),
            $"job {id} to complete after its silo {host.Name} was killed", TimeSpan.FromMilliseconds(250));

        var status = await StatusAsync(id);
        Assert.Equal("Completed", status.GetProperty("state").GetString());
        Assert.Equal(80, status.GetProperty("completedChunks").GetInt32());
        var results = await cluster.Http.GetFromJsonAsync<JsonElement>($"/jobs/{id}/results");
        Assert.Equal(items, results.GetProperty("results").EnumerateArray().Select(e => e.GetInt32()));
        var survivor = await cluster.SiloHostingAsync(cluster.Client.GetGrain<IJobGrain>(id));
        Assert.NotEqual(host.Name, survivor.Name);
        Assert.Contains($"Job {id} resumed", survivor.Process.ReadLog());
    }

    private async Task<JsonElement> StatusAsync(string id) =>
        await cluster.Http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");

    /// <summary>The job's state machine as stored in Redis (read directly, so the check wakes no grain).</summary>
    private async Task<bool> StoredStateIsCompletedAsync(string id)
    {
        var server = cluster.Redis.Connection.GetServers()[0];
        await foreach (var key in server.KeysAsync(pattern: $"{cluster.ServiceId}/state/*{id}*/job"))
        {
            var data = await cluster.Redis.Database.HashGetAsync(key, "data");
            if (data.IsNullOrEmpty)
            {
                continue;
            }

            using var document = JsonDocument.Parse((string)data!);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, "State", StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value.ValueKind == JsonValueKind.Number
                        ? property.Value.GetInt32() == (int)JobState.Completed
                        : property.Value.GetString() == nameof(JobState.Completed);
                }
            }
        }

        return false;
    }
}

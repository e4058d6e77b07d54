using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GrainSystem.Api.Tests.Http;
using GrainSystem.Testing;

namespace GrainSystem.Api.Tests.Jobs;

public sealed class JobApiTests(GrainSystemApiFactory factory) : IClassFixture<GrainSystemApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task A_submitted_job_answers_202_with_its_location_and_completes_with_ordered_results()
    {
        var response = await _http.PostAsJsonAsync("/jobs",
            new { operation = "square", items = Enumerable.Range(1, 25), chunkSize = 4, maxParallelism = 3, maxAttempts = 2 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal($"/jobs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(7, accepted.GetProperty("totalChunks").GetInt32());
        Assert.Contains(accepted.GetProperty("state").GetString(), new[] { "Pending", "Running" });

        var status = await FinishedAsync(id);
        Assert.Equal("Completed", status.GetProperty("state").GetString());
        Assert.Equal("square", status.GetProperty("operation").GetString());
        Assert.Equal(7, status.GetProperty("completedChunks").GetInt32());
        Assert.Equal(0, status.GetProperty("failedChunks").GetInt32());
        Assert.Equal(0, status.GetProperty("retries").GetInt32());
        Assert.Equal(0, status.GetProperty("errors").GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("createdAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("finishedAt").ValueKind);

        var results = await _http.GetFromJsonAsync<JsonElement>($"/jobs/{id}/results");
        Assert.Equal(Enumerable.Range(1, 25).Select(i => i * i), results.GetProperty("results").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task A_reducing_job_answers_one_result()
    {
        var id = await SubmitAsync(new { operation = "sum", items = new[] { 1, 2, 3.5 }, chunkSize = 1 });
        await FinishedAsync(id);

        var results = await _http.GetFromJsonAsync<JsonElement>($"/jobs/{id}/results");

        Assert.Equal(6.5, results.GetProperty("result").GetDouble());
        Assert.False(results.TryGetProperty("results", out _));
    }

    [Fact]
    public async Task Results_of_a_running_job_are_a_409_and_delete_cancels_it()
    {
        var id = await SubmitAsync(new { operation = "sleep", args = new { ms = 20_000 }, items = new[] { 1, 2 }, chunkSize = 1 });

        var early = await _http.GetAsync($"/jobs/{id}/results");
        var problem = await ProblemDetailsAssert.IsProblemAsync(early, HttpStatusCode.Conflict);
        var cancel = await _http.DeleteAsync($"/jobs/{id}");
        var status = await _http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        var late = await _http.GetAsync($"/jobs/{id}/results");

        Assert.Contains(problem.GetProperty("state").GetString(), new[] { "Pending", "Running" });
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("Cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal("Cancelled", status.GetProperty("state").GetString());
        await ProblemDetailsAssert.IsProblemAsync(late, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cancelling_a_completed_job_is_a_409_and_nothing_changes()
    {
        var id = await SubmitAsync(new { operation = "square", items = new[] { 2 } });
        await FinishedAsync(id);

        var cancel = await _http.DeleteAsync($"/jobs/{id}");

        await ProblemDetailsAssert.IsProblemAsync(cancel, HttpStatusCode.Conflict);
        Assert.Equal("Completed", (await _http.GetFromJsonAsync<JsonElement>($"/jobs/{id}")).GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("/jobs/0123456789abcdef0123456789abcdef")]
    [InlineData("/jobs/0123456789abcdef0123456789abcdef/results")]
    [InlineData("/jobs/not-a-job-id")]
    public async Task Unknown_jobs_are_404_problems(string path)
    {
        await ProblemDetailsAssert.IsProblemAsync(await _http.GetAsync(path), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancelling_an_unknown_job_is_a_404()
    {
        await ProblemDetailsAssert.IsProblemAsync(await _http.DeleteAsync("/jobs/0123456789abcdef0123456789abcdef"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_operation_is_a_400_listing_the_known_ones()
    {
        var response = await _http.PostAsJsonAsync("/jobs", new { operation = "cube", items = new[] { 1 } });

        var problem = await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "operation");
        var message = problem.GetProperty("errors").GetProperty("operation")[0].GetString()!;
        foreach (var known in new[] { "square", "sum", "sha256", "wordcount", "primes", "sleep", "flaky" })
        {
            Assert.Contains(known, message);
        }
    }

    [Theory]
    [InlineData("""{"operation":"square","items":[1],"chunkSize":0}""", "chunkSize")]
    [InlineData("""{"operation":"square","items":[1],"chunkSize":100001}""", "chunkSize")]
    [InlineData("""{"operation":"square","items":[1],"maxParallelism":0}""", "maxParallelism")]
    [InlineData("""{"operation":"square","items":[1],"maxParallelism":1025}""", "maxParallelism")]
    [InlineData("""{"operation":"square","items":[1],"maxAttempts":0}""", "maxAttempts")]
    [InlineData("""{"operation":"square","items":[1],"maxAttempts":21}""", "maxAttempts")]
    [InlineData("""{"operation":"square"}""", "items")]
    [InlineData("""{"operation":"square","items":{"a":1}}""", "items")]
    [InlineData("""{"operation":"square","items":[1],"args":[1]}""", "args")]
    [InlineData("""{"items":[1]}""", "operation")]
    public async Task Bad_specs_are_400_problems_naming_the_field(string body, string field)
    {
        var response = await _http.PostAsync("/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task More_than_a_million_items_are_a_400()
    {
        var body = "{\"operation\":\"square\",\"items\":[" + string.Join(",", Enumerable.Repeat("0", 1_000_001)) + "]}";

        var response = await _http.PostAsync("/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "items");
    }

    [Fact]
    public async Task Items_of_the_wrong_type_fail_the_job_with_a_per_chunk_error()
    {
        var id = await SubmitAsync(new { operation = "sha256", items = new object[] { "a", "b", 3 }, chunkSize = 2 });

        var status = await FinishedAsync(id);

        Assert.Equal("Failed", status.GetProperty("state").GetString());
        Assert.Equal(1, status.GetProperty("failedChunks").GetInt32());
        var error = status.GetProperty("errors")[0];
        Assert.Equal(1, error.GetProperty("chunk").GetInt32());
        Assert.True(error.GetProperty("final").GetBoolean());
        Assert.Contains("item 2: expected a string, got number 3", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Operations_lists_every_registered_operation()
    {
        var operations = await _http.GetFromJsonAsync<JsonElement>("/operations");

        var byName = operations.EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, o => o);
        Assert.Equal(["flaky", "primes", "sha256", "sleep", "square", "sum", "wordcount"], byName.Keys.Order());
        Assert.True(byName["sum"].GetProperty("reduces").GetBoolean());
        Assert.True(byName["wordcount"].GetProperty("reduces").GetBoolean());
        Assert.False(byName["square"].GetProperty("reduces").GetBoolean());
        Assert.False(string.IsNullOrEmpty(byName["primes"].GetProperty("description").GetString()));
    }

    private async Task<string> SubmitAsync(object request)
    {
        var response = await _http.PostAsJsonAsync("/jobs", request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> FinishedAsync(string id)
    {
        var status = default(JsonElement);
        await Poll.UntilAsync(async () =>
        {
            status = await _http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
            return status.GetProperty("state").GetString() is "Completed" or "Failed" or "Cancelled";
        }, TimeSpan.FromSeconds(60), $"job {id} to finish");
        return status;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GrainSystem.Api.Tests.Http;

/// <summary>Requests made under an <c>Idempotency-Key</c>: a retry gets the first outcome and applies nothing again.</summary>
public sealed class IdempotencyKeyTests(GrainSystemApiFactory factory) : IClassFixture<GrainSystemApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task A_retried_lock_acquire_gets_the_first_grant_even_after_its_release_and_grants_nothing_new()
    {
        var name = $"idem-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        var body = new { owner = "w1", leaseSeconds = 30, waitSeconds = 0 };
        var first = await ReadAsync(await PostAsync($"/locks/{name}/acquire", key, body), HttpStatusCode.OK);
        var token = first.GetProperty("token").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await _http.PostAsJsonAsync($"/locks/{name}/release", new { token })).StatusCode);

        var retry = await ReadAsync(await PostAsync($"/locks/{name}/acquire", key, body), HttpStatusCode.OK);

        Assert.Equal(first.GetRawText(), retry.GetRawText());
        var info = await _http.GetFromJsonAsync<JsonElement>($"/locks/{name}");
        Assert.False(info.GetProperty("held").GetBoolean());
        Assert.Equal(1, info.GetProperty("fencingToken").GetInt64());
    }

    [Fact]
    public async Task A_lock_key_used_with_another_request_answers_422_and_changes_nothing()
    {
        var name = $"idem-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        await ReadAsync(await PostAsync($"/locks/{name}/acquire", key, new { owner = "w1", leaseSeconds = 30 }), HttpStatusCode.OK);

        var other = await PostAsync($"/locks/{name}/acquire", key, new { owner = "w2", leaseSeconds = 30 });

        await ProblemDetailsAssert.IsProblemAsync(other, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        var info = await _http.GetFromJsonAsync<JsonElement>($"/locks/{name}");
        Assert.Equal(("w1", 1L), (info.GetProperty("owner").GetString(), info.GetProperty("fencingToken").GetInt64()));
    }

    [Fact]
    public async Task A_retried_job_submission_answers_the_same_job_and_another_request_under_its_key_answers_422()
    {
        var key = Guid.NewGuid().ToString();
        var body = new { operation = "square", items = new[] { 1, 2, 3 }, chunkSize = 1 };
        var first = await ReadAsync(await PostAsync("/jobs", key, body), HttpStatusCode.Accepted);
        var retry = await ReadAsync(await PostAsync("/jobs", key, body), HttpStatusCode.Accepted);
        var id = first.GetProperty("id").GetString();
        Assert.Equal(id, retry.GetProperty("id").GetString());
        Assert.Equal(3, retry.GetProperty("totalChunks").GetInt32());

        var other = await PostAsync("/jobs", key, new { operation = "square", items = new[] { 4 }, chunkSize = 1 });

        await ProblemDetailsAssert.IsProblemAsync(other, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        var info = await _http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        Assert.Equal(3, info.GetProperty("totalChunks").GetInt32());
    }

    [Theory]
    [InlineData("/jobs")]
    [InlineData("/locks/idem-bad-key/acquire")]
    public async Task A_key_that_is_empty_too_long_or_not_visible_ascii_answers_400_naming_it(string path)
    {
        foreach (var key in new[] { "a\u007fb", new string('k', 256), "with space", "naïve" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = JsonContent.Create(new { operation = "square", items = new[] { 1 }, owner = "w1", leaseSeconds = 30 }),
            };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

            var response = await _http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"'{key}' answered {(int)response.StatusCode}");
            await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "Idempotency-Key");
        }

        var info = await _http.GetFromJsonAsync<JsonElement>("/locks/idem-bad-key");
        Assert.Equal(0, info.GetProperty("fencingToken").GetInt64());
    }

    private Task<HttpResponseMessage> PostAsync(string path, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return _http.SendAsync(request);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}

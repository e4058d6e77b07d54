using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GrainSystem.Api.Tests.Http;

namespace GrainSystem.Api.Tests.Locking;

public sealed class LockApiTests(GrainSystemApiFactory factory) : IClassFixture<GrainSystemApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string NewName() => $"api-{Guid.NewGuid():N}";

    [Fact]
    public async Task Acquire_answers_the_grant_and_inspect_shows_it_without_the_token()
    {
        var name = NewName();
        var response = await _client.PostAsJsonAsync($"/locks/{name}/acquire", new { owner = "w1", leaseSeconds = 30, waitSeconds = 0 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var grant = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = grant.GetProperty("token").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", token);
        Assert.Equal(name, grant.GetProperty("name").GetString());
        Assert.Equal("w1", grant.GetProperty("owner").GetString());
        Assert.Equal(1, grant.GetProperty("fencingToken").GetInt64());
        Assert.True(grant.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(20));

        var inspect = await _client.GetAsync($"/locks/{name}");
        var body = await inspect.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, inspect.StatusCode);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        var info = JsonDocument.Parse(body).RootElement;
        Assert.True(info.GetProperty("held").GetBoolean());
        Assert.Equal("w1", info.GetProperty("owner").GetString());
        Assert.Equal(1, info.GetProperty("fencingToken").GetInt64());
        Assert.Equal(0, info.GetProperty("waiters").GetInt32());
        Assert.Equal(name, info.GetProperty("name").GetString());
        Assert.True(info.TryGetProperty("expiresAt", out _));
    }

    [Fact]
    public async Task A_held_lock_answers_409_with_the_holders_owner_and_retry_after()
    {
        var name = NewName();
        await AcquireAsync(name, "holder-1", 30);

        var response = await _client.PostAsJsonAsync($"/locks/{name}/acquire", new { owner = "w2", leaseSeconds = 30, waitSeconds = 0.5 });

        var problem = await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("holder-1", problem.GetProperty("owner").GetString());
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 30);
    }

    [Fact]
    public async Task Renew_and_release_need_the_owner_token()
    {
        var name = NewName();
        var token = await AcquireAsync(name, "holder", 5);
        var wrong = new string('0', 32);

        await ProblemDetailsAssert.IsProblemAsync(
            await _client.PostAsJsonAsync($"/locks/{name}/renew", new { token = wrong, leaseSeconds = 60 }), HttpStatusCode.Conflict);
        await ProblemDetailsAssert.IsProblemAsync(
            await _client.PostAsJsonAsync($"/locks/{name}/release", new { token = wrong }), HttpStatusCode.Conflict);

        var renew = await _client.PostAsJsonAsync($"/locks/{name}/renew", new { token, leaseSeconds = 600 });
        Assert.Equal(HttpStatusCode.OK, renew.StatusCode);
        var renewed = await renew.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, renewed.GetProperty("fencingToken").GetInt64());
        Assert.True(renewed.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(500));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsJsonAsync($"/locks/{name}/release", new { token })).StatusCode);
        await ProblemDetailsAssert.IsProblemAsync(
            await _client.PostAsJsonAsync($"/locks/{name}/release", new { token }), HttpStatusCode.Conflict);
        var info = await _client.GetFromJsonAsync<JsonElement>($"/locks/{name}");
        Assert.False(info.GetProperty("held").GetBoolean());
    }

    [Fact]
    public async Task A_wait_longer_than_the_grain_call_timeout_is_granted_when_the_holder_releases()
    {
        var name = NewName();
        var token = await AcquireAsync(name, "holder", 60);

        // 5 s is the response timeout of every grain call: this request waits across several bounded calls.
        var waiting = _client.PostAsJsonAsync($"/locks/{name}/acquire", new { owner = "patient", leaseSeconds = 30, waitSeconds = 60 });
        await GrainSystem.Testing.Poll.UntilAsync(async () =>
            (await _client.GetFromJsonAsync<JsonElement>($"/locks/{name}")).GetProperty("waiters").GetInt32() == 1,
            TimeSpan.FromSeconds(20), "the waiter to queue");

        // What is under test is a wait that outlasts one grain call's 5 s response timeout: time itself must pass here,
        // there is no event to wait for.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.False(waiting.IsCompleted);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsJsonAsync($"/locks/{name}/release", new { token })).StatusCode);

        var response = await waiting;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var grant = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("patient", grant.GetProperty("owner").GetString());
        Assert.Equal(2, grant.GetProperty("fencingToken").GetInt64());
    }

    [Theory]
    [InlineData("""{"owner":"w","leaseSeconds":0}""", "leaseSeconds")]
    [InlineData("""{"owner":"w","leaseSeconds":0.5}""", "leaseSeconds")]
    [InlineData("""{"owner":"w","leaseSeconds":3601}""", "leaseSeconds")]
    [InlineData("""{"owner":"w"}""", "leaseSeconds")]
    [InlineData("""{"owner":"w","leaseSeconds":30,"waitSeconds":-1}""", "waitSeconds")]
    [InlineData("""{"owner":"w","leaseSeconds":30,"waitSeconds":301}""", "waitSeconds")]
    [InlineData("""{"leaseSeconds":30}""", "owner")]
    [InlineData("""{"owner":"","leaseSeconds":30}""", "owner")]
    public async Task Acquire_with_a_bad_field_is_a_400_naming_it_and_changes_nothing(string body, string field)
    {
        var name = NewName();
        var response = await _client.PostAsync($"/locks/{name}/acquire", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
        var info = await _client.GetFromJsonAsync<JsonElement>($"/locks/{name}");
        Assert.False(info.GetProperty("held").GetBoolean());
        Assert.Equal(0, info.GetProperty("fencingToken").GetInt64());
    }

    [Fact]
    public async Task An_owner_label_over_256_characters_is_a_400()
    {
        var response = await _client.PostAsJsonAsync($"/locks/{NewName()}/acquire", new { owner = new string('x', 257), leaseSeconds = 30 });
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "owner");
        Assert.Equal(HttpStatusCode.OK,
            (await _client.PostAsJsonAsync($"/locks/{NewName()}/acquire", new { owner = new string('x', 256), leaseSeconds = 30 })).StatusCode);
    }

    [Fact]
    public async Task A_lock_name_over_256_characters_is_a_400()
    {
        var response = await _client.PostAsJsonAsync($"/locks/{new string('n', 257)}/acquire", new { owner = "w", leaseSeconds = 30 });
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "name");
    }

    [Theory]
    [InlineData("renew", """{"token":"ABCDEF0123456789ABCDEF0123456789","leaseSeconds":30}""", "token")]
    [InlineData("renew", """{"leaseSeconds":30}""", "token")]
    [InlineData("renew", """{"token":"0123456789abcdef0123456789abcdef","leaseSeconds":7200}""", "leaseSeconds")]
    [InlineData("release", """{"token":"short"}""", "token")]
    [InlineData("release", """{}""", "token")]
    public async Task Renew_and_release_with_a_bad_field_are_a_400_naming_it(string action, string body, string field)
    {
        var name = NewName();
        var token = await AcquireAsync(name, "holder", 30);

        var response = await _client.PostAsync($"/locks/{name}/{action}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
        var info = await _client.GetFromJsonAsync<JsonElement>($"/locks/{name}");
        Assert.True(info.GetProperty("held").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsJsonAsync($"/locks/{name}/release", new { token })).StatusCode);
    }

    private async Task<string> AcquireAsync(string name, string owner, int leaseSeconds)
    {
        var response = await _client.PostAsJsonAsync($"/locks/{name}/acquire", new { owner, leaseSeconds });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GrainSystem.IntegrationTests.Hosting;
using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Locking;

/// <summary>The lock routes of a <see cref="ProcessCluster"/>'s API, as the lock tests use them.</summary>
internal sealed class LockHttp(ProcessCluster cluster) : IDisposable
{
    // A waiting acquire answers only when its wait ends: its client must wait longer than any wait these tests ask for
    // (the cluster's own client gives up after 30 s).
    private readonly HttpClient _waiting = new() { BaseAddress = cluster.Http.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };

    /// <summary>Acquires <paramref name="name"/>, trying again while the cluster answers 503 (failing over).</summary>
    public async Task<Grant> AcquireAsync(string name, string owner, int leaseSeconds)
    {
        Grant? grant = null;
        await Poll.UntilAsync(async () =>
        {
            var response = await cluster.Http.PostAsJsonAsync($"/locks/{name}/acquire", new { owner, leaseSeconds, waitSeconds = 10 });
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                return false;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            grant = await response.Content.ReadFromJsonAsync<Grant>();
            return true;
        }, TimeSpan.FromSeconds(60), $"lock {name} to be granted");
        return grant!;
    }

    /// <summary>Starts an acquire that waits up to <paramref name="waitSeconds"/> (at most 2 min here) and answers when it ends.</summary>
    public Task<HttpResponseMessage> StartWaitingAsync(string name, string owner, int leaseSeconds, int waitSeconds)
    {
        Assert.InRange(waitSeconds, 0, 120);
        return _waiting.PostAsJsonAsync($"/locks/{name}/acquire", new { owner, leaseSeconds, waitSeconds });
    }

    public async Task ReleaseAsync(string name, string token)
    {
        var response = await cluster.Http.PostAsJsonAsync($"/locks/{name}/release", new { token });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public async Task<int> WaitersAsync(string name) =>
        (await cluster.Http.GetFromJsonAsync<JsonElement>($"/locks/{name}")).GetProperty("waiters").GetInt32();

    public void Dispose() => _waiting.Dispose();

    /// <summary>A grant as the API answers it.</summary>
    public sealed record Grant(string Name, string Token, long FencingToken, string Owner, DateTimeOffset ExpiresAt);
}

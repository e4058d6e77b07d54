using System.Net;
using System.Net.Http.Json;
using GrainSystem.IntegrationTests.Hosting;
using GrainSystem.Testing;
using StackExchange.Redis;

namespace GrainSystem.IntegrationTests.Locking;

/// <summary>What a lock keeps in Redis, and how its writes guard against a stale duplicate activation.</summary>
public sealed class LockStorageTests(ProcessCluster cluster) : IClassFixture<ProcessCluster>, IDisposable
{
    private readonly LockHttp _locks = new(cluster);

    [Fact]
    public async Task The_stored_lock_state_is_plain_json_without_type_names_or_the_owner_token()
    {
        var name = $"stored-{Guid.NewGuid():N}";
        var grant = await _locks.AcquireAsync(name, "inspector", 600);

        var key = await StateKeyAsync(name);
        Assert.EndsWith("/lock", key.ToString(), StringComparison.Ordinal);
        var stored = string.Join("\n", (await cluster.Redis.Database.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}"));
        Assert.Contains("\"LastFencingToken\"", stored, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("inspector", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("GrainSystem.", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("LockState", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(grant.Token, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_from_an_activation_whose_stored_state_moved_on_fails_and_grants_nothing()
    {
        var name = $"etag-{Guid.NewGuid():N}";
        var holder = await _locks.AcquireAsync(name, "holder", 600);
        var waiting = _locks.StartWaitingAsync(name, "waiter", leaseSeconds: 60, waitSeconds: 60);
        await Poll.UntilAsync(async () =>
            await _locks.WaitersAsync(name) == 1,
            TimeSpan.FromSeconds(30), "the waiter to queue");

        // As if another activation of this lock had written meanwhile: the stored ETag no longer matches this one's.
        var key = await StateKeyAsync(name);
        await cluster.Redis.Database.HashSetAsync(key, "etag", Guid.NewGuid().ToString("N"));

        // The release (which would grant the waiter fencing token holder+1) fails on the ETag: nothing changes.
        var conflicted = await cluster.Http.PostAsJsonAsync($"/locks/{name}/release", new { token = holder.Token });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, conflicted.StatusCode);
        Assert.NotNull(conflicted.Headers.RetryAfter);

        // The lock's next activation reads the stored grant: the holder still holds it, and its retried release hands
        // the lock to the waiter, whose wait loop re-queued at the new activation. Exactly one grant of holder+1.
        await _locks.ReleaseAsync(name, holder.Token);
        var response = await waiting;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var grant = await response.Content.ReadFromJsonAsync<LockHttp.Grant>();
        Assert.Equal(holder.FencingToken + 1, grant!.FencingToken);
        Assert.Equal("waiter", grant.Owner);
    }

    private async Task<RedisKey> StateKeyAsync(string name)
    {
        var server = cluster.Redis.Connection.GetServer(cluster.Redis.Connection.GetEndPoints()[0]);
        var keys = new List<RedisKey>();
        await Poll.UntilAsync(async () =>
        {
            keys = await server.KeysAsync(pattern: $"{cluster.ServiceId}/state/*{name}*").ToListAsync();
            return keys.Count > 0;
        }, TimeSpan.FromSeconds(10), $"the state key of lock {name}");
        return Assert.Single(keys);
    }

    public void Dispose() => _locks.Dispose();
}

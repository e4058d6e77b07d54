using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GrainSystem.Abstractions.Locking;
using GrainSystem.IntegrationTests.Hosting;
using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Locking;

/// <summary>Locks on a real cluster: two silo processes on a private redis-server, behind the API process.</summary>
public sealed class LockFailoverTests(ProcessCluster cluster) : IClassFixture<ProcessCluster>, IDisposable
{
    private readonly LockHttp _locks = new(cluster);

    [Fact]
    public async Task The_holder_fencing_counter_and_a_waiter_survive_SIGKILL_of_the_lock_silo()
    {
        var name = $"failover-{Guid.NewGuid():N}";
        var first = await _locks.AcquireAsync(name, "before-kill", 600);
        await _locks.ReleaseAsync(name, first.Token);
        var held = await _locks.AcquireAsync(name, "holder", 600);
        Assert.True(held.FencingToken > first.FencingToken);

        var waiting = _locks.StartWaitingAsync(name, "waiter", leaseSeconds: 30, waitSeconds: 90);
        await Poll.UntilAsync(async () =>
            await _locks.WaitersAsync(name) == 1,
            TimeSpan.FromSeconds(30), "the waiter to queue");

        var silo = await cluster.SiloHostingAsync(cluster.Client.GetGrain<ILockGrain>(name));
        silo.Process.Kill();

        // A new activation on the surviving silo reads the grant from Redis: same holder, same fencing token.
        JsonElement info = default;
        await Poll.UntilAsync(async () =>
        {
            var response = await cluster.Http.GetAsync($"/locks/{name}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            info = await response.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        }, TimeSpan.FromSeconds(60), "the lock to answer again after the kill");
        Assert.True(info.GetProperty("held").GetBoolean());
        Assert.Equal("holder", info.GetProperty("owner").GetString());
        Assert.Equal(held.FencingToken, info.GetProperty("fencingToken").GetInt64());

        // Nobody else can take it; the holder's token still renews and releases it.
        var busy = await cluster.Http.PostAsJsonAsync($"/locks/{name}/acquire", new { owner = "intruder", leaseSeconds = 30 });
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        var renew = await cluster.Http.PostAsJsonAsync($"/locks/{name}/renew", new { token = held.Token, leaseSeconds = 600 });
        Assert.Equal(HttpStatusCode.OK, renew.StatusCode);

        // The waiter's loop lost its call with the silo and queued again at the new activation (its place was in the
        // dead silo's memory): the release hands it the lock with the next fencing token.
        await Poll.UntilAsync(async () =>
            await _locks.WaitersAsync(name) == 1,
            TimeSpan.FromSeconds(30), "the waiter to queue again after the kill");
        await _locks.ReleaseAsync(name, held.Token);
        var response = await waiting;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var handedOn = (await response.Content.ReadFromJsonAsync<LockHttp.Grant>())!;
        Assert.Equal(("waiter", held.FencingToken + 1), (handedOn.Owner, handedOn.FencingToken));
        await _locks.ReleaseAsync(name, handedOn.Token);

        var after = await _locks.AcquireAsync(name, "after-failover", 30);
        Assert.True(after.FencingToken > handedOn.FencingToken, $"{after.FencingToken} after {handedOn.FencingToken}");
    }

    public void Dispose() => _locks.Dispose();
}

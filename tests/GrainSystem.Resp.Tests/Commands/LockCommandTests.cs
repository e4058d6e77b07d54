using GrainSystem.Resp.Tests.Support;

namespace GrainSystem.Resp.Tests.Commands;

/// <summary>GS.LOCK.*: fenced locks over RESP.</summary>
public abstract class LockCommandTests(RespTarget target)
{
    [Fact]
    public async Task Acquire_renew_release_with_growing_fencing_tokens()
    {
        var name = RespTarget.UniqueKey("lock");
        await using var client = await target.ConnectRawAsync();
        var grant = await client.CallAsync("GS.LOCK.ACQUIRE", name, "worker-1", "10000");
        Assert.Equal(3, grant.Elements.Count);
        var token = grant.Elements[0].Text!;
        var fencing = grant.Elements[1].Number;
        Assert.Matches("^[0-9a-f]{32}$", token);
        Assert.InRange(grant.Elements[2].Number, DateTimeOffset.UtcNow.AddSeconds(5).ToUnixTimeMilliseconds(),
            DateTimeOffset.UtcNow.AddSeconds(15).ToUnixTimeMilliseconds());

        Assert.True((await client.CallAsync("GS.LOCK.ACQUIRE", name, "worker-2", "10000")).IsNull);
        var info = (await client.CallAsync("GS.LOCK.INFO", name)).Pairs();
        Assert.Equal(("1", "worker-1", fencing.ToString()), (info["held"], info["owner"], info["fencing"]));

        var renewed = await client.CallAsync("GS.LOCK.RENEW", name, token, "20000");
        Assert.Equal(fencing, renewed.Elements[0].Number);
        Assert.True((await client.CallAsync("GS.LOCK.RENEW", name, new string('0', 32), "20000")).IsNull);
        Assert.Equal(0, (await client.CallAsync("GS.LOCK.RELEASE", name, new string('0', 32))).Number);
        Assert.Equal(1, (await client.CallAsync("GS.LOCK.RELEASE", name, token)).Number);
        Assert.Equal(0, (await client.CallAsync("GS.LOCK.RELEASE", name, token)).Number);

        var next = await client.CallAsync("GS.LOCK.ACQUIRE", name, "worker-2", "10000");
        Assert.True(next.Elements[1].Number > fencing);
    }

    [Fact]
    public async Task A_waiting_acquire_parks_only_its_connection_and_gets_the_lock_when_released()
    {
        var name = RespTarget.UniqueKey("wait");
        await using var holder = await target.ConnectRawAsync();
        var token = (await holder.CallAsync("GS.LOCK.ACQUIRE", name, "holder", "30000")).Elements[0].Text!;

        await using var waiter = await target.ConnectRawAsync();
        await waiter.SendAsync(RawRespClient.Encode("PING") + RawRespClient.Encode("GS.LOCK.ACQUIRE", name, "waiter", "30000", "WAIT", "60000"));
        Assert.Equal("+PONG\r\n", (await waiter.ReadAsync())!.Raw); // answered before the wait, not after it

        Assert.Equal("+PONG\r\n", (await holder.CallAsync("PING")).Raw);
        var info = (await holder.CallAsync("GS.LOCK.INFO", name)).Pairs();
        Assert.Equal("holder", info["owner"]);
        Assert.Equal(1, (await holder.CallAsync("GS.LOCK.RELEASE", name, token)).Number);

        var grant = (await waiter.ReadAsync())!;
        Assert.Equal(3, grant.Elements.Count);
    }

    [Fact]
    public async Task Bad_arguments_answer_errors()
    {
        await using var client = await target.ConnectRawAsync();
        Assert.Equal("-ERR value is not an integer or out of range\r\n", (await client.CallAsync("GS.LOCK.ACQUIRE", "n", "o", "ten")).Raw);
        Assert.Equal("-ERR lease is 1000 to 3600000 milliseconds\r\n", (await client.CallAsync("GS.LOCK.ACQUIRE", "n", "o", "10")).Raw);
        Assert.Equal("-ERR syntax error\r\n", (await client.CallAsync("GS.LOCK.ACQUIRE", "n", "o", "1000", "LATER", "5")).Raw);
        Assert.Equal("-ERR wait is 0 to 300000 milliseconds\r\n", (await client.CallAsync("GS.LOCK.ACQUIRE", "n", "o", "1000", "WAIT", "-1")).Raw);
        Assert.Equal("-ERR an owner token is 32 lowercase hex digits, as granted\r\n", (await client.CallAsync("GS.LOCK.RELEASE", "n", "x")).Raw);
        Assert.Equal("-ERR a lock name has 1 to 256 characters\r\n", (await client.CallAsync("GS.LOCK.INFO", "")).Raw);
        Assert.Equal("-ERR wrong number of arguments for 'gs.lock.acquire' command\r\n", (await client.CallAsync("GS.LOCK.ACQUIRE", "n")).Raw);
    }
}

[Collection(EmbeddedApiCollection.Name)]
public sealed class EmbeddedLockCommandTests(EmbeddedApi api) : LockCommandTests(api);

[Collection(ClusterApiCollection.Name)]
public sealed class ClusterLockCommandTests(ClusterApi api) : LockCommandTests(api);

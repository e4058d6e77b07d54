using StackExchange.Redis;

namespace GrainSystem.Resp.Tests.Support;

/// <summary>A running GrainSystem whose RESP endpoint the tests talk to, in one of the two hosting modes.</summary>
public abstract class RespTarget
{
    public abstract int RespPort { get; }

    /// <summary>The API over HTTP (with the API key when one is configured).</summary>
    public abstract HttpClient Http { get; }

    /// <summary>The API key AUTH needs, or null when none is configured.</summary>
    public abstract string? Password { get; }

    /// <summary>A StackExchange.Redis connection, authenticated when needed.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync(RedisProtocol protocol = RedisProtocol.Resp2)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", RespPort } },
            Password = Password,
            Protocol = protocol,
            AbortOnConnectFail = true,
            ConnectTimeout = 10_000,
            SyncTimeout = 10_000,
            AsyncTimeout = 10_000,
        };
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>A raw connection, already authenticated when <paramref name="authenticate"/> and a key is configured.</summary>
    public async Task<RawRespClient> ConnectRawAsync(bool authenticate = true)
    {
        var client = await RawRespClient.ConnectAsync(RespPort);
        if (authenticate && Password is not null)
        {
            var reply = await client.CallAsync("AUTH", Password);
            Assert.Equal("OK", reply.Text);
        }

        return client;
    }

    /// <summary>Keys unique to one test, so tests sharing a deployment never see each other's keys.</summary>
    public static string UniqueKey(string name) => $"{name}:{Guid.NewGuid():N}";
}

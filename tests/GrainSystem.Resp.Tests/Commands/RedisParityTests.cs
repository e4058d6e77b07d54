using GrainSystem.Resp.Tests.Support;

namespace GrainSystem.Resp.Tests.Commands;

/// <summary>
/// The same commands sent to redis-server and to GrainSystem's endpoint, one connection each: every reply must be
/// the same bytes. Each script runs on fresh connections with its own keys.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class RedisParityTests(EmbeddedApi api, RedisReference redis) : IClassFixture<RedisReference>
{
    public static TheoryData<string, string[][]> Scripts => new()
    {
        { "ping and echo", [["PING"], ["PING", "hello"], ["ECHO", "x y"], ["ECHO"], ["PING", "a", "b"], ["ping"]] },
        { "unknown commands", [["nosuch", "a", "b"], ["NOSUCH"], ["nosuch", new string('x', 200), "b"]] },
        { "client names", [["CLIENT", "SETNAME", "x y"], ["CLIENT", "GETNAME"], ["CLIENT", "SETNAME", "n1"], ["CLIENT", "GETNAME"],
            ["CLIENT", "bogus"], ["CLIENT", "SETNAME"]] },
        { "hello errors", [["HELLO", "4"], ["HELLO", "x"], ["HELLO", "3", "foo"], ["HELLO", "2", "SETNAME", "a b"]] },
        { "auth without a password", [["AUTH", "x"], ["AUTH", "a", "b", "c"], ["AUTH", "default", "anything"]] },
        { "select", [["SELECT", "0"], ["SELECT", "x"], ["SELECT", "99999999999999999999"]] },
        { "config", [["CONFIG", "GET", "save"], ["CONFIG", "GET", "appendonly"], ["CONFIG"], ["CONFIG", "GET"]] },
        { "subscribe mode", [["SUBSCRIBE", "parity-a", "parity-b"], ["ECHO", "x"], ["PING"], ["PING", "p"], ["UNSUBSCRIBE", "parity-a"],
            ["PSUBSCRIBE", "parity-*"], ["PUNSUBSCRIBE"], ["UNSUBSCRIBE"], ["UNSUBSCRIBE"], ["ECHO", "back"]] },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public Task Replies_are_the_bytes_redis_sends(string name, string[][] commands) =>
        ParityScript.RunAsync(name, commands, redis.Server.Port, api);

    public static TheoryData<string> RawInputs => new()
    {
        "*1\r\n$4\r\nPING\r\n*x\r\n",
        "PING \"a\r\n",
        "*1\r\n+PING\r\n",
        "*1\r\n$-5\r\n",
        "\r\n\r\nPING\r\n  ECHO   \"a b\" 'c'\r\n",
        "ECHO \"\\x41\\n\"\r\n",
        "*0\r\n*-1\r\nPING\n",
        "*1\r\n$04\r\nPING\r\n",
        "*01\r\n$4\r\nPING\r\n",
        "ECHO \"a\"b\r\n",
        "*3\r\n$4\r\nECHO\r\n$1\r\na\r\n$1\r\nb\r\nPING\r\n",
    };

    [Theory]
    [MemberData(nameof(RawInputs))]
    public async Task Raw_input_gets_the_bytes_redis_sends_and_the_same_close(string input)
    {
        var expected = await ExchangeAsync(redis.Server.Port, input);
        var actual = await ExchangeAsync(api.RespPort, input);
        Assert.Equal(expected, actual);
    }

    /// <summary>Every reply to <paramref name="input"/>, then to a marker command: the marker's reply, or the close.</summary>
    private static async Task<string> ExchangeAsync(int port, string input)
    {
        const string end = "$5\r\nend-!\r\n";
        await using var client = await RawRespClient.ConnectAsync(port);
        await client.SendAsync(input + RawRespClient.Encode("ECHO", "end-!"));
        var replies = new List<string>();
        while (await client.ReadAsync() is { } reply)
        {
            replies.Add(reply.Raw);
            if (reply.Raw == end)
            {
                return string.Join("", replies);
            }
        }

        return string.Join("", replies) + "<closed>";
    }
}

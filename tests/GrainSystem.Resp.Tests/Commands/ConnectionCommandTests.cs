using GrainSystem.Resp.Tests.Support;
using StackExchange.Redis;

namespace GrainSystem.Resp.Tests.Commands;

/// <summary>The connection's own commands, as a client library and a raw connection see them.</summary>
public abstract class ConnectionCommandTests(RespTarget target)
{
    [Fact]
    public async Task A_client_library_connects_and_pings_in_RESP2_and_RESP3()
    {
        foreach (var protocol in new[] { RedisProtocol.Resp2, RedisProtocol.Resp3 })
        {
            await using var redis = await target.ConnectAsync(protocol);
            var db = redis.GetDatabase();
            Assert.True(await db.PingAsync() < TimeSpan.FromSeconds(10));
            Assert.Equal("hi", (string?)await db.ExecuteAsync("ECHO", "hi"));
            Assert.Equal(protocol, redis.GetServer(redis.GetEndPoints()[0]).Protocol);
        }
    }

    [Fact]
    public async Task HELLO_3_switches_to_RESP3_and_describes_the_server()
    {
        await using var client = await target.ConnectRawAsync();
        var hello = await client.CallAsync("HELLO", "3");
        Assert.Equal('%', hello.Type);
        var fields = hello.Pairs();
        Assert.Equal("redis", fields["server"]);
        Assert.Equal("3", fields["proto"]);
        Assert.Equal("standalone", fields["mode"]);
        Assert.Equal("master", fields["role"]);
        Assert.Equal("_\r\n", (await client.CallAsync("CLIENT", "GETNAME")).Raw);
        Assert.Equal("-NOPROTO unsupported protocol version\r\n", (await client.CallAsync("HELLO", "4")).Raw);
        Assert.Equal("-ERR Protocol version is not an integer or out of range\r\n", (await client.CallAsync("HELLO", "x")).Raw);
        Assert.Equal("-ERR Syntax error in HELLO option 'foo'\r\n", (await client.CallAsync("HELLO", "3", "foo")).Raw);
        var resp2 = await client.CallAsync("HELLO", "2", "SETNAME", "me");
        Assert.Equal('*', resp2.Type);
        Assert.Equal(14, resp2.Elements.Count);
        Assert.Equal("$2\r\nme\r\n", (await client.CallAsync("CLIENT", "GETNAME")).Raw);
    }

    [Fact]
    public async Task Client_commands_name_and_describe_the_connection()
    {
        await using var client = await target.ConnectRawAsync();
        Assert.Equal("+OK\r\n", (await client.CallAsync("CLIENT", "SETNAME", "worker-1")).Raw);
        Assert.Equal("worker-1", (await client.CallAsync("CLIENT", "GETNAME")).Text);
        Assert.Equal("+OK\r\n", (await client.CallAsync("CLIENT", "SETINFO", "LIB-NAME", "tests")).Raw);
        Assert.Equal("-ERR Unrecognized option 'color'\r\n", (await client.CallAsync("CLIENT", "SETINFO", "color", "red")).Raw);
        Assert.Equal("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
            (await client.CallAsync("CLIENT", "SETNAME", "a b")).Raw);
        Assert.Equal("-ERR unknown subcommand 'nope'. Try CLIENT HELP.\r\n", (await client.CallAsync("CLIENT", "nope")).Raw);
        Assert.Equal("-ERR wrong number of arguments for 'client|setname' command\r\n", (await client.CallAsync("CLIENT", "SETNAME")).Raw);
        var id = (await client.CallAsync("CLIENT", "ID")).Number;
        var info = (await client.CallAsync("CLIENT", "INFO")).Text!;
        Assert.StartsWith($"id={id} ", info);
        Assert.Contains(" name=worker-1 ", info);
        Assert.Contains(" lib-name=tests ", info);
        Assert.Equal("+OK\r\n", (await client.CallAsync("CLIENT", "SETNAME", "")).Raw);
        Assert.True((await client.CallAsync("CLIENT", "GETNAME")).IsNull);
    }

    [Fact]
    public async Task Unknown_commands_and_wrong_argument_counts_answer_redis_errors_and_the_connection_goes_on()
    {
        await using var client = await target.ConnectRawAsync();
        Assert.Equal("-ERR unknown command 'FLUSHALL', with args beginning with: 'ASYNC' \r\n", (await client.CallAsync("FLUSHALL", "ASYNC")).Raw);
        Assert.Equal("-ERR unknown command 'nope', with args beginning with: \r\n", (await client.CallAsync("nope")).Raw);
        Assert.Equal("-ERR wrong number of arguments for 'echo' command\r\n", (await client.CallAsync("ECHO")).Raw);
        Assert.Equal("-ERR wrong number of arguments for 'ping' command\r\n", (await client.CallAsync("PING", "a", "b")).Raw);
        Assert.Equal("+PONG\r\n", (await client.CallAsync("ping")).Raw);
    }

    [Fact]
    public async Task SELECT_accepts_the_one_database()
    {
        await using var client = await target.ConnectRawAsync();
        Assert.Equal("+OK\r\n", (await client.CallAsync("SELECT", "0")).Raw);
        Assert.Equal("-ERR DB index is out of range\r\n", (await client.CallAsync("SELECT", "1")).Raw);
        Assert.Equal("-ERR value is not an integer or out of range\r\n", (await client.CallAsync("SELECT", "x")).Raw);
    }

    [Fact]
    public async Task QUIT_answers_OK_and_closes()
    {
        await using var client = await target.ConnectRawAsync();
        Assert.Equal("+OK\r\n", (await client.CallAsync("QUIT")).Raw);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task RESET_returns_the_connection_to_its_first_state()
    {
        await using var client = await target.ConnectRawAsync();
        await client.CallAsync("HELLO", "3", "SETNAME", "before");
        Assert.Equal("+RESET\r\n", (await client.CallAsync("RESET")).Raw);
        if (target.Password is null)
        {
            Assert.Equal('*', (await client.CallAsync("HELLO")).Type);
            Assert.True((await client.CallAsync("CLIENT", "GETNAME")).IsNull);
        }
        else
        {
            // Unauthenticated again.
            Assert.Equal("-NOAUTH Authentication required.\r\n", (await client.CallAsync("CLIENT", "GETNAME")).Raw);
        }
    }

    [Fact]
    public async Task INFO_COMMAND_and_CONFIG_GET_answer_what_tools_ask()
    {
        await using var client = await target.ConnectRawAsync();
        var info = (await client.CallAsync("INFO")).Text!;
        Assert.Contains("# Server\r\nredis_version:7.2.0\r\n", info);
        Assert.Contains("# Clients\r\nconnected_clients:", info);
        Assert.Contains("# Stats\r\n", info);
        Assert.Contains("role:master", info);
        Assert.DoesNotContain("# Stats", (await client.CallAsync("INFO", "server")).Text!);
        var count = (await client.CallAsync("COMMAND", "COUNT")).Number;
        Assert.Equal(count, (await client.CallAsync("COMMAND")).Elements.Count);
        var ping = (await client.CallAsync("COMMAND", "INFO", "ping", "nope")).Elements;
        Assert.Equal(["ping", "-1"], ping[0].Elements.Take(2).Select(e => e.Show()));
        Assert.True(ping[1].IsNull);
        var docs = (await client.CallAsync("COMMAND", "DOCS", "echo")).Elements[1].Pairs();
        Assert.Equal("connection", docs["group"]);
        Assert.Equal("[save, ]", (await client.CallAsync("CONFIG", "GET", "save")).Show());
        Assert.Equal("[appendonly, no]", (await client.CallAsync("CONFIG", "GET", "APPEND*")).Show());
    }
}

[Collection(EmbeddedApiCollection.Name)]
public sealed class EmbeddedConnectionCommandTests(EmbeddedApi api) : ConnectionCommandTests(api);

[Collection(ClusterApiCollection.Name)]
public sealed class ClusterConnectionCommandTests(ClusterApi api) : ConnectionCommandTests(api);

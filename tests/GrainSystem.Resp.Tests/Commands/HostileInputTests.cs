using System.Net;
using GrainSystem.Resp.Tests.Support;

namespace GrainSystem.Resp.Tests.Commands;

/// <summary>
/// Input no client should send, on the RESP port of a running API: each is answered with an error and a close, or a
/// close, and the process serves everyone afterwards.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class HostileInputTests(EmbeddedApi api)
{
    public static TheoryData<string, string?> ErrorsThatClose => new()
    {
        { "*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n" },
        { "*99999999\r\n", "-ERR Protocol error: invalid multibulk length\r\n" },
        { "*2\r\n$4\r\nECHO\r\n$99999999\r\n", "-ERR Protocol error: invalid bulk length\r\n" },
        { "*1\r\n$-5\r\n", "-ERR Protocol error: invalid bulk length\r\n" },
        { "*1\r\n:1\r\n", "-ERR Protocol error: expected '$', got ':'\r\n" },
        { "*1\r\n$4\r\nPINGPING\r\n", "-ERR Protocol error: bulk string not followed by CRLF\r\n" },
        { "ECHO \"unbalanced\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n" },
        { new string('A', 70 * 1024), "-ERR Protocol error: too big inline request\r\n" },
        { "*1\r\n$" + new string('9', 70 * 1024), "-ERR Protocol error: too big bulk count string\r\n" },
        { "POST /cache/x HTTP/1.1\r\nHost: localhost\r\n\r\n", null },
        { "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", "-ERR wrong number of arguments for 'get' command\r\n" },
    };

    [Theory]
    [MemberData(nameof(ErrorsThatClose))]
    public async Task Malformed_input_is_answered_with_an_error_or_closed_and_the_process_stays_healthy(string input, string? error)
    {
        await using (var client = await api.ConnectRawAsync())
        {
            await client.SendAsync(input);
            if (error is not null)
            {
                Assert.Equal(error, (await client.ReadAsync())!.Raw);
            }

            Assert.True(await client.IsClosedByServerAsync());
        }

        await AssertHealthyAsync();
    }

    [Fact]
    public async Task Random_bytes_end_in_errors_or_a_close_never_a_hang_or_a_crash()
    {
        var random = new Random(20);
        for (var round = 0; round < 20; round++)
        {
            var garbage = new byte[random.Next(1, 20_000)];
            random.NextBytes(garbage);
            await using var client = await api.ConnectRawAsync();
            if (!await client.TrySendAsync([.. garbage, .. "\r\nPING\r\n"u8]))
            {
                continue; // refused and closed while it was being sent
            }

            // Whatever the garbage parsed to, the server answers every line and then the PING, or closes: a read
            // that waits past its timeout fails the test.
            while (await client.ReadAsync() is { Raw: not "+PONG\r\n" })
            {
            }
        }

        await AssertHealthyAsync();
    }

    [Fact]
    public async Task A_client_that_leaves_mid_command_costs_nothing()
    {
        for (var i = 0; i < 20; i++)
        {
            await using var client = await api.ConnectRawAsync();
            await client.SendAsync("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1000\r\nonly a part");
        }

        await AssertHealthyAsync();
    }

    [Fact]
    public async Task A_hundred_thousand_pipelined_commands_are_all_answered()
    {
        await using var client = await api.ConnectRawAsync();
        const int count = 100_000;
        await client.SendAsync(string.Concat(Enumerable.Repeat("PING\r\n", count)));
        for (var i = 0; i < count; i++)
        {
            Assert.Equal("+PONG\r\n", (await client.ReadAsync())!.Raw);
        }
    }

    [Fact]
    public async Task A_pathological_glob_pattern_costs_little()
    {
        await using var subscriber = await api.ConnectRawAsync();
        var pattern = string.Concat(Enumerable.Repeat("a*", 40)) + "b";
        await subscriber.CallAsync("PSUBSCRIBE", pattern);
        await using var publisher = await api.ConnectRawAsync();
        Assert.Equal(0, (await publisher.CallAsync("PUBLISH", new string('a', 1000), "x")).Number);
        await AssertHealthyAsync();
    }

    private async Task AssertHealthyAsync()
    {
        await using var client = await api.ConnectRawAsync();
        Assert.Equal("+PONG\r\n", (await client.CallAsync("PING")).Raw);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/health/live")).StatusCode);
        Assert.False(api.Process.Process.HasExited);
    }
}

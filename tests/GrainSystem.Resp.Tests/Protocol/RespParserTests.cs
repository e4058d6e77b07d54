namespace GrainSystem.Resp.Tests.Protocol;

public sealed class RespParserTests
{
    private const string SetCommand = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n";

    [Fact]
    public void A_multibulk_command_is_read_whole()
    {
        var parsed = new ParsedCommands().Receive(SetCommand);
        Assert.Equal([["SET", "key", "value"]], parsed.Commands);
    }

    [Fact]
    public void Pipelined_commands_are_read_in_order_from_one_packet()
    {
        var parsed = new ParsedCommands().Receive(SetCommand + "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\nPING\r\n*1\r\n$4\r\nPING\r\n");
        Assert.Equal([["SET", "key", "value"], ["GET", "key"], ["PING"], ["PING"]], parsed.Commands);
    }

    [Fact]
    public void A_command_split_at_every_byte_is_read_once_whole()
    {
        var parsed = new ParsedCommands().ReceiveByteByByte(SetCommand + "ECHO \"a b\"\r\n" + SetCommand);
        Assert.Equal([["SET", "key", "value"], ["ECHO", "a b"], ["SET", "key", "value"]], parsed.Commands);
        Assert.Null(parsed.Error);
    }

    [Fact]
    public void An_argument_spanning_two_segments_keeps_its_bytes()
    {
        var parsed = new ParsedCommands().Receive("*2\r\n$4\r\nECHO\r\n$11\r\nhello").Receive(" worl").Receive("d\r\n");
        Assert.Equal([["ECHO", "hello world"]], parsed.Commands);
    }

    [Fact]
    public void Binary_arguments_are_read_by_length_not_by_line()
    {
        var parsed = new ParsedCommands().Receive("*2\r\n$4\r\nECHO\r\n$6\r\na\r\n\0\rb\r\n");
        Assert.Equal([["ECHO", "a\r\n\0\rb"]], parsed.Commands);
    }

    [Theory]
    [InlineData("PING\r\n", new[] { "PING" })]
    [InlineData("PING\n", new[] { "PING" })]
    [InlineData("  SET   k  v  \r\n", new[] { "SET", "k", "v" })]
    [InlineData("ECHO \"a b\\n\\x41\"\r\n", new[] { "ECHO", "a b\nA" })]
    [InlineData("ECHO 'it\\'s'\r\n", new[] { "ECHO", "it's" })]
    [InlineData("ECHO \"\"\r\n", new[] { "ECHO", "" })]
    [InlineData("ECHO a\"b c\"\r\n", new[] { "ECHO", "ab c" })]
    public void Inline_commands_split_as_redis_sdssplitargs(string line, string[] expected)
    {
        var parsed = new ParsedCommands().Receive(line);
        Assert.Equal([expected], parsed.Commands);
    }

    [Fact]
    public void Empty_lines_and_empty_multibulks_are_no_commands()
    {
        var parsed = new ParsedCommands().Receive("\r\n\n*0\r\n*-1\r\nPING\r\n");
        Assert.Equal([["PING"]], parsed.Commands);
    }

    [Theory]
    [InlineData("*x\r\n", "ERR Protocol error: invalid multibulk length")]
    [InlineData("*01\r\n$4\r\nPING\r\n", "ERR Protocol error: invalid multibulk length")]
    [InlineData("*1001\r\n", "ERR Protocol error: invalid multibulk length")]
    [InlineData("*1\r\n+PING\r\n", "ERR Protocol error: expected '$', got '+'")]
    [InlineData("*1\r\n$-5\r\n", "ERR Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$04\r\nPING\r\n", "ERR Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$1025\r\n", "ERR Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$99999999999999999999999\r\n", "ERR Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$4\r\nPINGXX", "ERR Protocol error: bulk string not followed by CRLF")]
    [InlineData("*1\r\n$4\rX", "ERR Protocol error: CR not followed by LF")]
    [InlineData("PING \"a\r\n", "ERR Protocol error: unbalanced quotes in request")]
    [InlineData("ECHO \"a\"b\r\n", "ERR Protocol error: unbalanced quotes in request")]
    public void Malformed_input_is_a_protocol_error(string input, string error)
    {
        var parsed = new ParsedCommands().Receive(input);
        Assert.Equal(error, parsed.Error);
    }

    [Fact]
    public void Commands_before_garbage_are_still_read()
    {
        var parsed = new ParsedCommands().Receive("*1\r\n$4\r\nPING\r\n*x\r\n");
        Assert.Equal([["PING"]], parsed.Commands);
        Assert.Equal("ERR Protocol error: invalid multibulk length", parsed.Error);
    }

    [Fact]
    public void A_line_without_end_longer_than_64_KiB_is_refused_before_it_ends()
    {
        Assert.Equal("ERR Protocol error: too big inline request", new ParsedCommands().Receive(new string('a', 65 * 1024)).Error);
        Assert.Equal("ERR Protocol error: too big mbulk count string", new ParsedCommands().Receive("*" + new string('1', 65 * 1024)).Error);
        Assert.Equal("ERR Protocol error: too big bulk count string",
            new ParsedCommands().Receive("*1\r\n$" + new string('1', 65 * 1024)).Error);
    }

    [Fact]
    public void A_command_larger_than_the_request_limit_is_refused_before_it_arrives()
    {
        var parsed = new ParsedCommands().Receive("*10\r\n" + string.Concat(Enumerable.Repeat("$1000\r\n" + new string('x', 1000) + "\r\n", 9)));
        Assert.Equal("ERR Protocol error: too big request", parsed.Error);
    }

    [Fact]
    public void Before_authentication_only_small_commands_are_read()
    {
        Assert.Equal("ERR Protocol error: unauthenticated multibulk length",
            new ParsedCommands { Authenticated = false }.Receive("*11\r\n").Error);
        Assert.Equal("ERR Protocol error: unauthenticated bulk length",
            new ParsedCommands(ParsedCommands.Limits with { MaxBulkBytes = 100_000 }) { Authenticated = false }.Receive("*1\r\n$16385\r\n").Error);
        Assert.Equal([["AUTH", "secret"]], new ParsedCommands { Authenticated = false }.Receive("*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n").Commands);
    }

    [Fact]
    public void A_large_command_sent_in_small_pieces_is_read_once_it_is_complete()
    {
        var value = new string('v', 1000);
        var command = $"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1000\r\n{value}\r\n";
        var parsed = new ParsedCommands();
        foreach (var piece in command.Chunk(7))
        {
            Assert.Empty(parsed.Commands);
            parsed.Receive(new string(piece));
        }

        Assert.Equal([["SET", "k", value]], parsed.Commands);
    }

    [Fact]
    public void Random_garbage_never_throws_and_ends_in_commands_an_error_or_a_wait()
    {
        var random = new Random(20);
        for (var round = 0; round < 2000; round++)
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);
            if (random.Next(2) == 0)
            {
                bytes[0] = (byte)'*';
            }

            var parsed = new ParsedCommands();
            foreach (var chunk in bytes.Chunk(random.Next(1, 8)))
            {
                parsed.Receive(chunk);
            }
        }
    }
}

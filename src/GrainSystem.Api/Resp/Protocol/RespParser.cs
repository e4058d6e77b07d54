using System.Buffers;

namespace GrainSystem.Api.Resp.Protocol;

/// <summary>
/// Reads commands from a connection's input as Redis does: a multibulk (<c>*2\r\n$3\r\nGET\r\n$1\r\nk\r\n</c>) or an
/// inline command (<c>GET k\r\n</c>, what telnet and <c>redis-cli</c> pipes send). Arguments are slices of the input,
/// not copies. A command split over several reads is resumed where it stopped, never parsed again from its start,
/// so a huge command sent in small pieces costs linear time. Errors carry Redis's own messages.
/// </summary>
internal sealed class RespParser(RespLimits limits)
{
    // The multibulk in progress: arguments still to read (0: none in progress) and input bytes read for it so far.
    private int _remaining;
    private long _progress;

    /// <summary>Whether a multibulk command has been partly read (its arguments so far live in the command and the arena).</summary>
    public bool InProgress => _remaining > 0;

    /// <summary>The error reply (without the leading '-') after <see cref="RespParseStatus.Error"/>.</summary>
    public string Error { get; private set; } = "";

    /// <summary>
    /// Reads the next command into <paramref name="command"/> and moves <paramref name="input"/> past it. On
    /// <see cref="RespParseStatus.Incomplete"/> the input is left as it was and must be given again, extended, with
    /// the same <paramref name="command"/>, which holds the arguments read so far.
    /// </summary>
    public RespParseStatus Parse(ref ReadOnlySequence<byte> input, RespCommand command, RespArena arena, bool authenticated)
    {
        while (true)
        {
            var start = _progress;
            var reader = new SequenceReader<byte>(input.Slice(start));
            if (_remaining == 0)
            {
                if (!reader.TryPeek(out var first))
                {
                    return RespParseStatus.Incomplete;
                }

                if (first != (byte)'*')
                {
                    var inline = ReadInline(ref reader, command, arena);
                    if (inline != RespParseStatus.Command)
                    {
                        return inline;
                    }

                    input = input.Slice(reader.Position);
                    if (command.Count > 0)
                    {
                        return RespParseStatus.Command;
                    }

                    continue; // an empty line is no command
                }

                var header = ReadLine(ref reader, "too big mbulk count string", out var line);
                if (header != RespParseStatus.Command)
                {
                    return header;
                }

                if (!RespInteger.TryParse(line[1..], out var count) || count > int.MaxValue)
                {
                    return Fail("invalid multibulk length");
                }

                if (count > RespLimits.UnauthenticatedMultibulkLength && !authenticated)
                {
                    return Fail("unauthenticated multibulk length");
                }

                if (count > limits.MaxMultibulkLength)
                {
                    return Fail("invalid multibulk length");
                }

                if (count <= 0)
                {
                    input = input.Slice(reader.Position); // *0 and *-1 are no command
                    continue;
                }

                _remaining = (int)count;
                _progress = start + reader.Consumed;
            }

            var arguments = ReadArguments(ref reader, start, command, arena, authenticated);
            if (arguments != RespParseStatus.Command)
            {
                return arguments;
            }

            input = input.Slice(reader.Position);
            _progress = 0;
            return RespParseStatus.Command;
        }
    }

    /// <summary>Forgets a command in progress (after an error, or when the connection is reset).</summary>
    public void Reset()
    {
        _remaining = 0;
        _progress = 0;
    }

    private RespParseStatus ReadArguments(ref SequenceReader<byte> reader, long start, RespCommand command, RespArena arena,
        bool authenticated)
    {
        while (_remaining > 0)
        {
            var header = ReadLine(ref reader, "too big bulk count string", out var line);
            if (header != RespParseStatus.Command)
            {
                return header;
            }

            if (line.IsEmpty || line[0] != (byte)'$')
            {
                var got = line.IsEmpty ? ' ' : (char)line[0];
                return Fail($"expected '$', got '{got}'");
            }

            if (!RespInteger.TryParse(line[1..], out var length) || length < 0 || length > limits.MaxBulkBytes)
            {
                return Fail("invalid bulk length");
            }

            if (length > RespLimits.UnauthenticatedBulkBytes && !authenticated)
            {
                return Fail("unauthenticated bulk length");
            }

            if (start + reader.Consumed + length + 2 > limits.MaxCommandBytes)
            {
                return Fail("too big request");
            }

            if (reader.Remaining < length + 2)
            {
                return RespParseStatus.Incomplete;
            }

            var data = reader.Sequence.Slice(reader.Position, length);
            command.Add(data.IsSingleSegment ? data.First : arena.Copy(data));
            reader.Advance(length);
            if (!reader.IsNext("\r\n"u8, advancePast: true))
            {
                return Fail("bulk string not followed by CRLF");
            }

            _remaining--;
            _progress = start + reader.Consumed;
        }

        return RespParseStatus.Command;
    }

    /// <summary>A line ended by CRLF, without its end.</summary>
    private RespParseStatus ReadLine(ref SequenceReader<byte> reader, string tooLong, out ReadOnlySpan<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\r', advancePastDelimiter: true))
        {
            return reader.Remaining > RespLimits.MaxLineBytes ? Fail(tooLong) : RespParseStatus.Incomplete;
        }

        if (!reader.TryPeek(out var next))
        {
            return RespParseStatus.Incomplete;
        }

        if (next != (byte)'\n')
        {
            return Fail("CR not followed by LF");
        }

        reader.Advance(1);
        return RespParseStatus.Command;
    }

    private RespParseStatus ReadInline(ref SequenceReader<byte> reader, RespCommand command, RespArena arena)
    {
        if (!reader.TryReadTo(out ReadOnlySpan<byte> line, (byte)'\n', advancePastDelimiter: true))
        {
            return reader.Remaining > RespLimits.MaxLineBytes ? Fail("too big inline request") : RespParseStatus.Incomplete;
        }

        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return InlineArguments.Split(line, command, arena) ? RespParseStatus.Command : Fail("unbalanced quotes in request");
    }

    private RespParseStatus Fail(string message)
    {
        Error = "ERR Protocol error: " + message;
        Reset();
        return RespParseStatus.Error;
    }
}

using System.Buffers;
using System.Text;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Resp.Tests.Protocol;

/// <summary>
/// Feeds input to a <see cref="RespParser"/> as a connection does: the bytes received so far, in the segments they
/// arrived in, consuming only whole commands, and collects what it read.
/// </summary>
internal sealed class ParsedCommands
{
    public static readonly RespLimits Limits = new(MaxMultibulkLength: 1000, MaxBulkBytes: 1024, MaxCommandBytes: 8192);

    private readonly RespParser _parser;
    private readonly RespArena _arena = new();
    private readonly List<byte[]> _received = [];
    private RespCommand _command = new();

    public ParsedCommands(RespLimits? limits = null) => _parser = new RespParser(limits ?? Limits);

    public List<string[]> Commands { get; } = [];

    public string? Error { get; private set; }

    public bool Authenticated { get; set; } = true;

    /// <summary>Receives <paramref name="chunk"/> (as a segment of its own) and parses what can be parsed.</summary>
    public ParsedCommands Receive(string chunk) => Receive(Encoding.Latin1.GetBytes(chunk));

    public ParsedCommands Receive(byte[] chunk)
    {
        _received.Add(chunk);
        var input = Segments.Of(_received);
        while (Error is null)
        {
            var status = _parser.Parse(ref input, _command, _arena, Authenticated);
            if (status == RespParseStatus.Incomplete)
            {
                break;
            }

            if (status == RespParseStatus.Error)
            {
                Error = _parser.Error;
                break;
            }

            Commands.Add([.. Enumerable.Range(0, _command.Count).Select(i => Encoding.Latin1.GetString(_command[i]))]);
            _command = new RespCommand();
        }

        // Keep only the bytes not consumed, as the connection's pipe does.
        var rest = input.ToArray();
        _received.Clear();
        if (rest.Length > 0)
        {
            _received.Add(rest);
        }

        return this;
    }

    /// <summary>Receives <paramref name="input"/> one byte at a time: every possible split of every command.</summary>
    public ParsedCommands ReceiveByteByByte(string input)
    {
        foreach (var b in Encoding.Latin1.GetBytes(input))
        {
            Receive([b]);
        }

        return this;
    }

    /// <summary>A sequence whose segments are the given arrays, as a pipe's buffers are.</summary>
    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(List<byte[]> chunks)
        {
            if (chunks.Count == 0)
            {
                return ReadOnlySequence<byte>.Empty;
            }

            var first = new Segments(chunks[0], 0);
            var last = first;
            foreach (var chunk in chunks.Skip(1))
            {
                var next = new Segments(chunk, last.RunningIndex + last.Memory.Length);
                last.Next = next;
                last = next;
            }

            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}

using System.Text;

namespace GrainSystem.Api.Resp.Protocol;

/// <summary>
/// One command as received: its arguments, the first being the command's name. Arguments point into the connection's
/// input buffer (or into its scratch arena when an argument spanned two buffer segments) and are valid only until the
/// connection consumes that input; <see cref="Detach"/> copies a command that must outlive it (a queued MULTI command).
/// </summary>
internal sealed class RespCommand
{
    private ReadOnlyMemory<byte>[] _arguments;

    public RespCommand(int capacity = 8) => _arguments = new ReadOnlyMemory<byte>[capacity];

    private RespCommand(ReadOnlyMemory<byte>[] arguments, int count)
    {
        _arguments = arguments;
        Count = count;
    }

    /// <summary>Arguments, the command name included.</summary>
    public int Count { get; private set; }

    /// <summary>The bytes of argument <paramref name="index"/> (0 is the command's name).</summary>
    public ReadOnlySpan<byte> this[int index] => _arguments[index].Span;

    /// <summary>Argument <paramref name="index"/> as memory, valid as long as the command.</summary>
    public ReadOnlyMemory<byte> Memory(int index) => _arguments[index];

    /// <summary>Argument <paramref name="index"/> decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
    public string Text(int index) => Encoding.UTF8.GetString(_arguments[index].Span);

    /// <summary>Argument <paramref name="index"/> compared with an ASCII keyword, ignoring case.</summary>
    public bool Is(int index, ReadOnlySpan<byte> upperCaseKeyword) => Ascii.EqualsIgnoreCase(_arguments[index].Span, upperCaseKeyword);

    /// <summary>A copy that owns its bytes, valid after the input buffer moves on.</summary>
    public RespCommand Detach()
    {
        var copies = new ReadOnlyMemory<byte>[Count];
        for (var i = 0; i < Count; i++)
        {
            copies[i] = _arguments[i].ToArray();
        }

        return new RespCommand(copies, Count);
    }

    /// <summary>A command made of the given arguments (for tests and internal replays).</summary>
    public static RespCommand Of(params string[] arguments)
    {
        var command = new RespCommand(Math.Max(1, arguments.Length));
        foreach (var argument in arguments)
        {
            command.Add(Encoding.UTF8.GetBytes(argument));
        }

        return command;
    }

    internal void Clear()
    {
        // A command with very many arguments does not keep its large array for the rest of the connection.
        if (_arguments.Length > ShrinkAbove)
        {
            _arguments = new ReadOnlyMemory<byte>[8];
        }
        else
        {
            Array.Clear(_arguments, 0, Count);
        }

        Count = 0;
    }

    private const int ShrinkAbove = 1024;

    internal void Add(ReadOnlyMemory<byte> argument)
    {
        if (Count == _arguments.Length)
        {
            Array.Resize(ref _arguments, _arguments.Length * 2);
        }

        _arguments[Count++] = argument;
    }
}

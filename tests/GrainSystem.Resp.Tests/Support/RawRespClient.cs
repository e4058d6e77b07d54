using System.Net.Sockets;
using System.Text;

namespace GrainSystem.Resp.Tests.Support;

/// <summary>
/// A bare TCP client of a RESP port: sends exactly the bytes a test gives (commands, garbage, half a command) and
/// reads replies one at a time, each read bounded by <see cref="Timeout"/>.
/// </summary>
public sealed class RawRespClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawRespClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawRespClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        return new RawRespClient(tcp);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Sends what the server may refuse to read: false when it closed the connection meanwhile.</summary>
    public async Task<bool> TrySendAsync(byte[] bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Sends a command as a multibulk.</summary>
    public Task SendCommandAsync(params string[] arguments) => SendAsync(Encode(arguments));

    /// <summary>Sends a command and reads its reply.</summary>
    public async Task<RespReply> CallAsync(params string[] arguments)
    {
        await SendCommandAsync(arguments);
        return await ReadAsync() ?? throw new IOException($"The server closed the connection instead of answering {arguments[0]}.");
    }

    /// <summary>The next reply; null when the server closed the connection.</summary>
    public async Task<RespReply?> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return await RespReply.ReadAsync(_stream, timeout.Token);
        }
        catch (IOException)
        {
            return null; // reset by the server
        }
    }

    /// <summary>True when the server closes the connection (reading ends) within <see cref="Timeout"/>.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static string Encode(params string[] arguments)
    {
        var text = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
        foreach (var argument in arguments)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }

        return Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text.ToString()));
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return default;
    }
}

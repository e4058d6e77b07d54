using GrainSystem.Api.Resp.Commands;
using GrainSystem.Api.Resp.Protocol;
using Microsoft.AspNetCore.Connections;

namespace GrainSystem.Api.Resp;

/// <summary>
/// One client connection's loop: read what arrived, run every whole command in it in order (pipelining: their
/// replies are written to the output buffer and flushed once per read), write pub/sub messages that arrived, and
/// consume only whole commands, so a command split across reads resumes when the rest arrives. This loop is the only
/// writer of the output, so replies and pub/sub messages never interleave.
/// </summary>
internal sealed partial class RespConnection : IRespConnection, IAsyncDisposable
{
    private readonly ConnectionContext _connection;
    private readonly RespParser _parser;
    private readonly RespArena _arena = new();
    private readonly RespSession _session;
    private readonly ILogger _logger;

    public RespConnection(ConnectionContext connection, RespServices services, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        _parser = new RespParser(services.Limits);
        _session = new RespSession(services, new RespWriter(connection.Transport.Output), connection.RemoteEndPoint, this);
    }

    public CancellationToken Closed => _connection.ConnectionClosed;

    public async Task RunAsync()
    {
        var input = _connection.Transport.Input;
        var command = new RespCommand();
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            try
            {
                while (!_session.CloseRequested)
                {
                    var status = _parser.Parse(ref buffer, command, _arena, _session.Authenticated);
                    if (status == RespParseStatus.Incomplete)
                    {
                        break;
                    }

                    if (status == RespParseStatus.Error)
                    {
                        await DrainAsync();
                        _session.Reply.Error(_parser.Error);
                        _session.CloseRequested = true;
                        LogProtocolError(_logger, _session.Address, _parser.Error);
                        break;
                    }

                    var pending = RespDispatcher.ExecuteAsync(_session, command);
                    if (!pending.IsCompletedSuccessfully)
                    {
                        await pending;
                    }

                    command.Clear();
                }

                // The batched cache commands read so far run before the consumed input is released (their
                // arguments were copied when planned) and before the replies are flushed.
                await DrainAsync();
            }
            finally
            {
                // Whole commands are consumed; a command still arriving stays in the buffer, looked at in full.
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (!_parser.InProgress)
            {
                _arena.Reset();
            }

            _session.Subscriber?.WritePending(_session.Reply);
            var flushed = await _connection.Transport.Output.FlushAsync();
            if (_session.CloseRequested || result.IsCompleted || flushed.IsCompleted)
            {
                return;
            }
        }
    }

    public async ValueTask FlushAsync() => await _connection.Transport.Output.FlushAsync();

    private ValueTask DrainAsync() => _session.HasPendingCacheCommands ? _session.Batcher.DrainAsync(_session) : default;

    public void Wake() => _connection.Transport.Input.CancelPendingRead();

    public void Abort() => _connection.Abort(new ConnectionAbortedException("The client did not read its pub/sub messages."));

    public async ValueTask DisposeAsync()
    {
        if (_session.Subscriber is not null)
        {
            await _session.Subscriber.DisposeAsync();
        }

        _arena.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "RESP client {Address}: {Error}; closing")]
    private static partial void LogProtocolError(ILogger logger, string address, string error);
}

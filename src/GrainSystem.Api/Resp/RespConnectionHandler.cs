using System.Buffers;
using GrainSystem.Api.Resp.Commands;
using Microsoft.AspNetCore.Connections;

namespace GrainSystem.Api.Resp;

/// <summary>
/// Kestrel's entry point for RESP connections: refuses one over <see cref="RespOptions.MaxConnections"/> with Redis's
/// error, runs the others' loops, and ends quietly when a client goes away.
/// </summary>
internal sealed partial class RespConnectionHandler(RespServices services, ILogger<RespConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (!services.Stats.TryConnect(services.Options.MaxConnections))
        {
            var output = connection.Transport.Output;
            output.Write(System.Text.Encoding.ASCII.GetBytes($"-{RespErrors.MaxClients}\r\n"));
            await output.FlushAsync();
            return;
        }

        try
        {
            await using var loop = new RespConnection(connection, services, logger);
            await loop.RunAsync();
        }
        catch (Exception ex) when (ex is ConnectionResetException or ConnectionAbortedException or OperationCanceledException or IOException)
        {
            LogClosed(logger, connection.ConnectionId, ex.Message);
        }
        finally
        {
            services.Stats.Disconnected();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "RESP connection {ConnectionId} ended: {Reason}")]
    private static partial void LogClosed(ILogger logger, string connectionId, string reason);
}

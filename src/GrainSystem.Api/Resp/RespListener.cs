using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Resp;

/// <summary>
/// Serves RESP with a Kestrel server of its own beside the HTTP one, on <see cref="RespOptions.ListenAddress"/> and
/// <see cref="RespOptions.Port"/>. A second server keeps the HTTP addresses (<c>--urls</c>, <c>ASPNETCORE_URLS</c>)
/// exactly as configured (Kestrel ignores them once code adds an endpoint to its server), and gives RESP its own
/// socket settings: continuations inline on the socket's thread, and an input buffer that holds a whole command.
/// </summary>
internal sealed partial class RespListener(
    IOptions<RespOptions> options,
    RespServices services,
    IServiceProvider provider,
    ILoggerFactory loggers,
    ILogger<RespListener> logger) : IHostedService, IAsyncDisposable
{
    private KestrelServer? _server;

    /// <summary>The port listened on (the one picked when <see cref="RespOptions.Port"/> is 0).</summary>
    public int Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var kestrel = new KestrelServerOptions { ApplicationServices = provider, AddServerHeader = false };
        // The transport stops reading a connection once this much is unconsumed: it must hold the largest command.
        kestrel.Limits.MaxRequestBufferSize = services.Limits.MaxCommandBytes + RespLimitsSlack;
        kestrel.Listen(IPAddress.Parse(settings.ListenAddress), settings.Port, listen => listen.UseConnectionHandler<RespConnectionHandler>());
        var transport = new SocketTransportFactory(
            Options.Create(new SocketTransportOptions { UnsafePreferInlineScheduling = settings.InlineScheduling }), loggers);
        _server = new KestrelServer(Options.Create(kestrel), transport, loggers);
        await _server.StartAsync(new NoHttpApplication(), cancellationToken);
        var address = _server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        LogListening(logger, settings.ListenAddress, Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return default;
    }

    private const long RespLimitsSlack = 64 * 1024;

    [LoggerMessage(Level = LogLevel.Information, Message = "RESP (Redis protocol) listening on {Address}:{Port}")]
    private static partial void LogListening(ILogger logger, string address, int port);

    /// <summary>Kestrel needs an HTTP application to start; the RESP endpoint's connections never reach one.</summary>
    private sealed class NoHttpApplication : IHttpApplication<NoHttpApplication>
    {
        public NoHttpApplication CreateContext(IFeatureCollection contextFeatures) => this;

        public Task ProcessRequestAsync(NoHttpApplication context) => Task.CompletedTask;

        public void DisposeContext(NoHttpApplication context, Exception? exception)
        {
        }
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Http;
using GrainSystem.Api.Resp;
using GrainSystem.Api.Resp.PubSub;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainSystem.Resp.Tests.Support;

/// <summary>
/// The RESP connection handler in this process, over in-memory pipes instead of sockets, for what needs no cluster
/// (the façades are absent: a command that would use them fails).
/// </summary>
internal sealed class InProcessConnections(RespOptions options)
{
    private readonly RespConnectionHandler _handler = new(
        new RespServices(null!, null!, new RespPubSubHub(null!, NullLogger<RespPubSubHub>.Instance),
            new ApiKeys(Options.Create(new ApiOptions())), Options.Create(new ApiOptions()), Options.Create(options),
            Options.Create(new CacheOptions()), new RespStats(), TimeProvider.System, NullLoggerFactory.Instance, null!),
        NullLogger<RespConnectionHandler>.Instance);

    public Connection Open() => new(_handler);

    /// <summary>One client connection: what the client writes goes to the handler, what the handler writes can be read.</summary>
    public sealed class Connection
    {
        private readonly Pipe _toServer = new();
        private readonly Pipe _toClient = new();

        public Connection(RespConnectionHandler handler)
        {
            var context = new DefaultConnectionContext(Guid.NewGuid().ToString(),
                new Duplex(_toServer.Reader, _toClient.Writer), new Duplex(_toClient.Reader, _toServer.Writer));
            Served = Task.Run(async () =>
            {
                await handler.OnConnectedAsync(context);
                await _toClient.Writer.CompleteAsync();
            });
        }

        /// <summary>Completes when the handler is done with the connection.</summary>
        public Task Served { get; }

        public async Task SendAsync(string text) => await _toServer.Writer.WriteAsync(Encoding.ASCII.GetBytes(text));

        /// <summary>Everything the server writes until it ends the connection.</summary>
        public async Task<string> ReadToEndAsync()
        {
            var text = new StringBuilder();
            while (true)
            {
                var result = await _toClient.Reader.ReadAsync().AsTask().WaitAsync(RawRespClient.Timeout);
                foreach (var segment in result.Buffer)
                {
                    text.Append(Encoding.ASCII.GetString(segment.Span));
                }

                _toClient.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return text.ToString();
                }
            }
        }

        /// <summary>The next bytes the server writes.</summary>
        public async Task<string> ReadAsync()
        {
            var result = await _toClient.Reader.ReadAsync().AsTask().WaitAsync(RawRespClient.Timeout);
            var text = string.Concat(result.Buffer.ToArray().Select(b => (char)b));
            _toClient.Reader.AdvanceTo(result.Buffer.End);
            return text;
        }

        /// <summary>The client goes away.</summary>
        public async Task CloseAsync()
        {
            await _toServer.Writer.CompleteAsync();
            await Served.WaitAsync(RawRespClient.Timeout);
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

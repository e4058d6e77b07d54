using System.Net;
using System.Net.Sockets;
using System.Text;
using GrainSystem.FaultTests.History;
using GrainSystem.FaultTests.Workload;

namespace GrainSystem.FaultTests.CheckerTests;

/// <summary>
/// How the cache workload records a write whose API went away with the request in hand: the request was received, so it
/// may have been applied, and the history must say "outcome unknown", never "refused, nothing changed".
/// </summary>
public sealed class CacheWorkloadTests
{
    [Theory]
    [InlineData(CacheOpKind.Increment)]
    [InlineData(CacheOpKind.Delete)]
    public async Task A_write_received_by_an_API_that_then_stops_is_recorded_as_outcome_unknown(CacheOpKind kind)
    {
        using var api = new VanishingApi();
        using var client = new ApiClient(new Uri($"http://127.0.0.1:{api.Port}"), new RunHistory());
        var workload = new CacheWorkload(client, "w");

        // The first request opens the connection the write then reuses.
        var read = await workload.RunAsync(1, "w-0-0", CacheOpKind.Read, 0, 0);
        var write = await workload.RunAsync(1, "w-0-0", kind, 1, 0);

        Assert.Equal((Outcome.Ok, CacheAnswer.Miss), (read.Outcome, read.Answer));
        Assert.StartsWith(kind == CacheOpKind.Delete ? "DELETE " : "POST ", api.Received);
        Assert.Equal(Outcome.Indeterminate, write.Outcome);
    }

    /// <summary>
    /// An HTTP server on loopback that answers its first request with 404, reads the second one on the same connection, then
    /// stops listening and closes the connection without an answer, as an API process does when it stops.
    /// </summary>
    private sealed class VanishingApi : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task _serving;

        public VanishingApi()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _serving = ServeAsync();
        }

        public int Port { get; }

        public string Received { get; private set; } = "";

        public void Dispose()
        {
            _listener.Stop();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }

        private async Task ServeAsync()
        {
            using var connection = await _listener.AcceptTcpClientAsync();
            var stream = connection.GetStream();
            await ReadRequestAsync(stream);
            await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
            Received = await ReadRequestAsync(stream);
            _listener.Stop();
            connection.Client.Shutdown(SocketShutdown.Both);
        }

        /// <summary>A request's head and its body (the requests here carry at most an empty one).</summary>
        private static async Task<string> ReadRequestAsync(NetworkStream stream)
        {
            var text = new StringBuilder();
            var buffer = new byte[4096];
            while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return text.ToString();
        }
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using GrainSystem.FaultTests.History;
using GrainSystem.FaultTests.Workload;

namespace GrainSystem.FaultTests.CheckerTests;

/// <summary>
/// How the cache workload records a write whose API went away with the request in hand, or whose retry was refused after
/// an attempt with an unknown outcome: the write may have been applied, and the history must say "outcome unknown", never
/// "refused, nothing changed".
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

    [Fact]
    public async Task An_increment_refused_on_retry_after_an_unknown_outcome_is_recorded_as_outcome_unknown()
    {
        // The first attempt may have landed; the retry (same Idempotency-Key) is refused before it reaches the partition,
        // which says nothing about the first.
        var (increment, sent) = await IncrementAnsweredAsync(ProblemTypes.OutcomeUnknown, ProblemTypes.Unavailable, ProblemTypes.Unavailable);

        Assert.True(sent >= 2, $"the increment was sent {sent} times");
        Assert.Equal(Outcome.Indeterminate, increment.Outcome);
    }

    [Fact]
    public async Task A_write_refused_at_every_attempt_is_recorded_as_refused()
    {
        var (increment, _) = await IncrementAnsweredAsync(ProblemTypes.Unavailable, ProblemTypes.Unavailable, ProblemTypes.Unavailable);

        Assert.Equal(Outcome.Failed, increment.Outcome);
    }

    /// <summary>One increment of the workload against an API answering its attempts with 503s of the given problem types, in turn.</summary>
    private static async Task<(CacheOp Op, int Sent)> IncrementAnsweredAsync(params string[] problemTypes)
    {
        using var api = new ScriptedApi([.. problemTypes.Select(Problem)]);
        using var client = new ApiClient(new Uri($"http://127.0.0.1:{api.Port}"), new RunHistory());
        var increment = await new CacheWorkload(client, "w").RunAsync(1, "w-0-0", CacheOpKind.Increment, 1, 0);
        return (increment, api.Answered);
    }

    private static string Problem(string type)
    {
        var body = $"{{\"type\":\"{type}\",\"status\":503}}";
        return $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 0\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
    }

    /// <summary>An HTTP server on loopback that answers each request it reads, on any connection, with the next scripted answer.</summary>
    private sealed class ScriptedApi : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Queue<string> _answers;
        private readonly Task _serving;
        private int _answered;

        public ScriptedApi(params string[] answers)
        {
            _answers = new Queue<string>(answers);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _serving = ServeAsync();
        }

        public int Port { get; }

        public int Answered => Volatile.Read(ref _answered);

        public void Dispose()
        {
            _listener.Stop();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }

        private async Task ServeAsync()
        {
            try
            {
                while (true)
                {
                    var connection = await _listener.AcceptTcpClientAsync();
                    _ = ServeConnectionAsync(connection);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        private async Task ServeConnectionAsync(TcpClient connection)
        {
            using (connection)
            {
                var stream = connection.GetStream();
                while (true)
                {
                    var request = await VanishingApi.ReadRequestAsync(stream);
                    string answer;
                    lock (_answers)
                    {
                        if (request.Length == 0 || !_answers.TryDequeue(out answer!))
                        {
                            return;
                        }
                    }

                    Interlocked.Increment(ref _answered);
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(answer));
                }
            }
        }
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
        internal static async Task<string> ReadRequestAsync(NetworkStream stream)
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

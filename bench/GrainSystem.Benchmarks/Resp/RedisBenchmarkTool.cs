using System.Globalization;
using System.Net.Sockets;
using System.Text;
using GrainSystem.Benchmarks.Suite;

namespace GrainSystem.Benchmarks.Resp;

/// <summary>
/// Redis's own <c>redis-benchmark</c>, the tool every RESP server is measured with: <c>-c 50 -d 100 -r 10000 -t set,get,incr</c>
/// against a loopback port, unpipelined or with <c>-P</c>; the sample's figures are requests per second by command.
/// </summary>
internal static class RedisBenchmarkTool
{
    public static readonly string[] Commands = ["set", "get", "incr"];

    public static async Task<Sample> RunAsync(int port, int requests, int pipeline, CancellationToken cancellationToken)
    {
        var output = await Tool.RunAsync("redis-benchmark",
            ["-h", "127.0.0.1", "-p", Invariant(port), "-c", "50", "-n", Invariant(requests), "-d", "100", "-r", "10000",
             "-P", Invariant(pipeline), "-t", string.Join(',', Commands), "--csv"],
            TimeSpan.FromMinutes(3), cancellationToken);
        var rates = output.Split('\n')
            .Select(line => line.Split(',').Select(f => f.Trim('"', '\r')).ToArray())
            .Where(f => f.Length > 1 && Commands.Contains(f[0].ToLowerInvariant()))
            .ToDictionary(f => f[0].ToLowerInvariant(), f => double.Parse(f[1], CultureInfo.InvariantCulture));
        return new Sample((long)requests * Commands.Length, Commands.ToDictionary(c => c, c => rates.GetValueOrDefault(c, double.NaN)));
    }

    /// <summary>Whether a RESP server answers <c>PING</c> on the loopback port.</summary>
    public static async Task<bool> AnswersPingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(5));
            await client.ConnectAsync("127.0.0.1", port, deadline.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray(), deadline.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, deadline.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

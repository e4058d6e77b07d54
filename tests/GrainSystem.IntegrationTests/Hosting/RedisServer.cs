using GrainSystem.Testing;
using StackExchange.Redis;

namespace GrainSystem.IntegrationTests.Hosting;

/// <summary>A private redis-server on a free loopback port, with no persistence files, ended on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private RedisServer(ServiceProcess process, int port, ConnectionMultiplexer connection)
    {
        _process = process;
        Port = port;
        Connection = connection;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public ConnectionMultiplexer Connection { get; }

    public IDatabase Database => Connection.GetDatabase();

    public static async Task<RedisServer> StartAsync()
    {
        var executable = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server is not on PATH. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server) and run the tests again.");
        var port = FreePort.Next();
        var process = ServiceProcess.Start($"redis-{port}", executable,
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath()],
            new Dictionary<string, string?>());

        ConnectionMultiplexer? connection = null;
        try
        {
            await Poll.UntilAsync(async () =>
            {
                connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=false,connectTimeout=500");
                if (connection.IsConnected)
                {
                    return true;
                }

                await connection.DisposeAsync();
                return false;
            }, TimeSpan.FromSeconds(15), $"redis-server to accept connections on port {port}");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new RedisServer(process, port, connection!);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _process.DisposeAsync();
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

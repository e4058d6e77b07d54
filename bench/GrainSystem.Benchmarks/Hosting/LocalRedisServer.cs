using System.Diagnostics;
using GrainSystem.Testing;
using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Hosting;

/// <summary>
/// A redis-server child process on a free loopback port, without persistence, for baselines and write-through
/// runs; ended by its own PID on dispose.
/// </summary>
internal sealed class LocalRedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private LocalRedisServer(Process process, int port, ConnectionMultiplexer connection)
    {
        _process = process;
        Port = port;
        Connection = connection;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public ConnectionMultiplexer Connection { get; }

    public IServer Server => Connection.GetServer(Connection.GetEndPoints()[0]);

    public static async Task<LocalRedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var port = FreePort.Next();
        var process = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start (is it installed? apt-get install -y redis-server)");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=500,allowAdmin=true");
                return new LocalRedisServer(process, port, connection);
            }
            catch (RedisConnectionException) when (deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100, cancellationToken);
            }
            catch
            {
                process.Kill();
                process.Dispose();
                throw;
            }
        }
    }

    /// <summary>Redis's own <c>used_memory</c>, in bytes.</summary>
    public async Task<long> UsedMemoryAsync()
    {
        var info = await Server.InfoAsync("memory");
        return long.Parse(info.SelectMany(g => g).First(p => p.Key == "used_memory").Value);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

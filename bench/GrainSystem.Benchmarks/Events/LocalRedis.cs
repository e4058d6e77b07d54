using System.Diagnostics;
using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Events;

/// <summary>A redis-server child process on a free loopback port, ended by its PID.</summary>
internal sealed class LocalRedis(Process process, int port, ConnectionMultiplexer connection) : IAsyncDisposable
{
    public string ConnectionString => $"127.0.0.1:{port}";

    public ConnectionMultiplexer Connection => connection;

    public static async Task<LocalRedis> StartAsync(CancellationToken cancellationToken)
    {
        var port = BenchmarkSilo.FreePort();
        var info = new ProcessStartInfo("redis-server", ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start (is it on PATH?).");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=500");
                return new LocalRedis(process, port, connection);
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}

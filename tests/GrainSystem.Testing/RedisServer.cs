using StackExchange.Redis;

namespace GrainSystem.Testing;

/// <summary>
/// A private redis-server on a free loopback port, with its own data directory (the append-only file on unless
/// <see cref="RedisServerOptions"/> turn it off), ended by its PID on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);

    private readonly string _executable;
    private readonly string[] _arguments;
    private readonly string _directory;
    private ServiceProcess _process;

    private RedisServer(string executable, string[] arguments, string directory, int port, ServiceProcess process,
        ConnectionMultiplexer connection)
    {
        _executable = executable;
        _arguments = arguments;
        _directory = directory;
        _process = process;
        Port = port;
        Connection = connection;
    }

    public int Port { get; }

    public string ConnectionString => ConnectionStringOf(Port);

    /// <summary>A connection with admin commands allowed (INFO, FLUSHALL, CONFIG).</summary>
    public ConnectionMultiplexer Connection { get; }

    public IDatabase Database => Connection.GetDatabase();

    public IServer Server => Connection.GetServer(Connection.GetEndPoints()[0]);

    public int Pid => _process.Pid;

    public static async Task<RedisServer> StartAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RedisServerOptions();
        var executable = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server is not on PATH. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server) and run again.");
        var port = FreePort.Next();
        var directory = Directory.CreateTempSubdirectory($"grainsystem-redis-{port}-").FullName;
        string[] arguments =
        [
            "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--save", "",
            "--appendonly", options.AppendOnly ? "yes" : "no", "--appendfsync", options.AppendFsync,
        ];
        var process = Launch(executable, arguments, port);

        ConnectionMultiplexer? connection = null;
        try
        {
            await Poll.UntilAsync(async () =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                connection = await ConnectionMultiplexer.ConnectAsync(
                    $"{ConnectionStringOf(port)},abortConnect=false,connectTimeout=500,allowAdmin=true");
                if (connection.IsConnected)
                {
                    return true;
                }

                await connection.DisposeAsync();
                return false;
            }, ReadyTimeout, $"redis-server to accept connections on port {port}");
        }
        catch
        {
            await process.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }

        return new RedisServer(executable, arguments, directory, port, process, connection!);
    }

    /// <summary>SIGSTOP: the server stops answering with its sockets open.</summary>
    public void Pause() => _process.Pause();

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => _process.Resume();

    /// <summary>
    /// SIGKILL, then a new redis-server on the same port and directory: what it keeps is what its persistence
    /// (<see cref="RedisServerOptions.AppendOnly"/>) wrote. <see cref="Connection"/> reconnects by itself.
    /// </summary>
    public async Task RestartAsync()
    {
        await _process.DisposeAsync();
        _process = Launch(_executable, _arguments, Port);
        await Poll.UntilAsync(async () =>
        {
            await Database.PingAsync();
            return true;
        }, ReadyTimeout, $"the restarted redis-server to answer on port {Port}");
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temporary directory.
        }
    }

    private static ServiceProcess Launch(string executable, string[] arguments, int port) =>
        ServiceProcess.Start($"redis-{port}", executable, arguments, new Dictionary<string, string?>());

    private static string ConnectionStringOf(int port) => $"127.0.0.1:{port}";

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainSystem.Testing;

/// <summary>
/// A real cluster mode deployment: a private redis-server, <see cref="SiloCount"/> silo processes and the API
/// process, all on loopback, plus an Orleans client in this process for direct grain calls. Every process is
/// ended by its PID on dispose, also when a start or a test failed. Subclass (or set <see cref="Settings"/>
/// before <see cref="StartAsync"/>) for feature settings.
/// </summary>
public class ClusterDeployment : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];
    private IHost? _clientHost;

    public string ClusterId { get; } = "it-" + Guid.NewGuid().ToString("N")[..8];

    public string ServiceId { get; } = "grainsystem-it";

    public virtual int SiloCount => 2;

    /// <summary>How long the silos and the API may take to start.</summary>
    protected virtual TimeSpan StartTimeout => TimeSpan.FromSeconds(60);

    /// <summary>How the private redis-server keeps its data (persistence off by default).</summary>
    protected virtual RedisServerOptions? RedisOptions => null;

    /// <summary>Settings given to silos and the API as environment variables (<c>Cache__Partitions</c> …).</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Jobs__EnableTestOperations"] = "true",
    };

    public RedisServer Redis { get; private set; } = null!;

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public ServiceProcess Api { get; private set; } = null!;

    public Uri ApiAddress { get; private set; } = null!;

    /// <summary>The port of the API's Redis-protocol endpoint.</summary>
    public int ApiRespPort { get; private set; }

    public HttpClient Http { get; private set; } = null!;

    /// <summary>An Orleans client of the cluster, joined through Redis like the API.</summary>
    public IClusterClient Client => _clientHost!.Services.GetRequiredService<IClusterClient>();

    public IServiceProvider ClientServices => _clientHost!.Services;

    /// <summary>Starts Redis, the silos, the API (ready) and the client; whatever started is ended by <see cref="DisposeAsync"/>.</summary>
    public async Task StartAsync()
    {
        Redis = await RedisServer.StartAsync(RedisOptions);
        for (var i = 0; i < SiloCount; i++)
        {
            StartSilo($"silo{i}");
        }

        await WaitForSilosAsync();
        var api = ApiProcess.Start("api", Environment(new Dictionary<string, string?>()));
        Api = api.Process;
        ApiAddress = api.Address;
        ApiRespPort = api.RespPort;
        Http = new HttpClient { BaseAddress = ApiAddress, Timeout = TimeSpan.FromSeconds(30) };
        await api.WaitUntilReadyAsync(StartTimeout);

        _clientHost = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true })
            .UseOrleansClientOf(this)
            .Build();
        await _clientHost.StartAsync();
    }

    /// <summary>
    /// Starts a new API process on the same address, after the old one was killed (SIGKILL, see <see cref="Api"/>),
    /// and waits until it is ready.
    /// </summary>
    public async Task RestartApiAsync()
    {
        await Api.DisposeAsync();
        var api = ApiProcess.Start("api", Environment(new Dictionary<string, string?>()), ApiAddress);
        Api = api.Process;
        await api.WaitUntilReadyAsync(StartTimeout);
    }

    /// <summary>Starts one more silo process on fresh ports.</summary>
    public SiloProcess StartSilo(string name, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var environment = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>())
        {
            ["Orleans__SiloPort"] = siloPort.ToString(),
            ["Orleans__GatewayPort"] = gatewayPort.ToString(),
        };
        var process = ServiceProcess.StartHost(name, "GrainSystem.Silo", [], Environment(environment));
        var silo = new SiloProcess(name, siloPort, gatewayPort, process);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>The silo process whose Orleans silo port is <paramref name="siloPort"/>.</summary>
    public SiloProcess SiloAt(int siloPort) => _silos.Single(s => s.SiloPort == siloPort);

    /// <summary>The silo process hosting <paramref name="grain"/>'s activation (activating it if needed).</summary>
    public async Task<SiloProcess> SiloHostingAsync(IAddressable grain)
    {
        var address = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return address is null
            ? throw new InvalidOperationException("The grain has no activation.")
            : SiloAt(address.Endpoint.Port);
    }

    /// <summary>How <see cref="StartAsync"/> waits for its silos: until <see cref="SiloCount"/> are active.</summary>
    protected virtual Task WaitForSilosAsync() => WaitForActiveSilosAsync(SiloCount, StartTimeout);

    public async Task WaitForActiveSilosAsync(int count, TimeSpan timeout)
    {
        var key = $"{ServiceId}/members/{ClusterId}";
        await Poll.UntilAsync(async () =>
        {
            var rows = await Redis.Database.HashGetAllAsync(key);
            return rows.Count(r => r.Value.ToString().Contains("\"Status\":3", StringComparison.Ordinal)
                || r.Value.ToString().Contains("\"Status\":\"Active\"", StringComparison.Ordinal)) >= count;
        }, timeout, $"{count} active silos in the Redis membership table {key}");
    }

    /// <summary>The environment of a silo or API process: <see cref="Settings"/>, the cluster's identity and Redis, then <paramref name="extra"/>.</summary>
    public Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?> extra)
    {
        var environment = new Dictionary<string, string?>(Settings)
        {
            ["ConnectionStrings__Redis"] = Redis.ConnectionString,
            ["Orleans__ClusterId"] = ClusterId,
            ["Orleans__ServiceId"] = ServiceId,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        // Processes first, each on its own, so one failure cannot leave the others running.
        var failures = new List<Exception>();
        var processes = new List<ServiceProcess?> { Api };
        processes.AddRange(_silos.Select(s => s.Process));
        foreach (var process in processes.OfType<ServiceProcess>())
        {
            try
            {
                await process.DisposeAsync();
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        Http?.Dispose();
        if (_clientHost is not null)
        {
            try
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _clientHost.StopAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or OrleansException or TimeoutException)
            {
                // The cluster is already gone; the client has nothing left to say goodbye to.
            }
            finally
            {
                _clientHost.Dispose();
            }
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("Ending the cluster's processes failed.", failures);
        }
    }
}

using System.Globalization;
using GrainSystem.Testing;

namespace GrainSystem.Benchmarks.Suite;

/// <summary>
/// The built GrainSystem API as its own process (<see cref="ApiProcess"/>) in embedded mode, as <c>dotnet run --project
/// src/GrainSystem.Api</c> serves it, its CPU watched by the scenario's meter; ended by its PID on dispose.
/// </summary>
public sealed class ApiUnderTest : IAsyncDisposable
{
    private readonly IDisposable _watch;
    private bool _disposed;

    private ApiUnderTest(ApiProcess api, IDisposable watch, int respPort)
    {
        Process = api;
        _watch = watch;
        RespPort = respPort;
    }

    public ApiProcess Process { get; }

    public Uri Address => Process.Address;

    /// <summary>The loopback port the process was told to serve RESP on (<c>Resp__Port</c>).</summary>
    public int RespPort { get; }

    /// <summary>Starts the API with <paramref name="settings"/> (environment variables such as <c>Cache__MaxMemoryMB</c>) over <see cref="EmbeddedEnvironment"/>.</summary>
    public static async Task<ApiUnderTest> StartAsync(ScenarioContext context, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var environment = EmbeddedEnvironment();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var api = await ApiProcess.StartReadyAsync($"bench-{context.Scenario}", environment, TimeSpan.FromSeconds(90), context.CancellationToken);
        return new ApiUnderTest(api, context.Cpu.Watch("api", api.Process.Pid), int.Parse(environment["Resp__Port"]!, CultureInfo.InvariantCulture));
    }

    /// <summary>Resident and peak resident memory of the process (VmRSS, VmHWM), in MiB.</summary>
    public (double Rss, double Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{Process.Process.Pid}/status");
        double Field(string name) => long.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture) / 1024.0;
        return (Field("VmRSS"), Field("VmHWM"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _watch.Dispose();
        await Process.DisposeAsync();
    }

    /// <summary>
    /// Embedded mode without authentication, whatever this shell exports: no Redis, no API keys, no telemetry export; free Orleans
    /// ports and a cluster of its own, so another silo on this machine neither blocks nor joins it; the RESP endpoint on a free port.
    /// </summary>
    private static Dictionary<string, string?> EmbeddedEnvironment()
    {
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || k.StartsWith("Api__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
                || k.StartsWith("Resp__", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(k => k, _ => (string?)null);
        var id = "bench-" + Guid.NewGuid().ToString("N")[..8];
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["Orleans__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        environment["Orleans__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        environment["Orleans__ServiceId"] = id;
        environment["Orleans__ClusterId"] = id;
        environment["Resp__Enabled"] = "true";
        environment["Resp__Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        return environment;
    }
}

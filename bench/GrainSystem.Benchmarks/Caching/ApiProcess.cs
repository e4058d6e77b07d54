using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using GrainSystem.Testing;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// The GrainSystem API as deployed, for the HTTP rows of <c>cache</c>: its built <c>GrainSystem.Api.dll</c> run by
/// <c>dotnet</c> as a child process in embedded mode (co-hosted silo, in-memory storage, no API keys) on loopback
/// ports, ready once <c>/health/ready</c> answers 200; ended by the PID it was started with.
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private ApiProcess(Process process, Uri address, string assembly)
    {
        _process = process;
        Address = address;
        Assembly = assembly;
    }

    public Uri Address { get; }

    public string Assembly { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Whether its runtimeconfig.json asks for the server garbage collector (the Web SDK's default).</summary>
    public bool ServerGC =>
        JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(Assembly, ".runtimeconfig.json")))?["runtimeOptions"]?["configProperties"]?["System.GC.Server"]
            ?.GetValue<bool>() ?? false;

    public static async Task<ApiProcess> StartAsync(CancellationToken cancellationToken)
    {
        var assembly = BuiltAssembly();
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var serviceId = "bench-http-" + Guid.NewGuid().ToString("N")[..8];
        var info = new ProcessStartInfo("dotnet", [assembly, "--urls", address.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The content root is the working directory: its appsettings.json is the deployed one.
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };

        // Embedded mode without authentication, whatever this shell exports: no Redis, no API keys, no telemetry export.
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("Api__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // Free ports, so another silo on this machine (the defaults 11111/30000) neither blocks nor joins it.
        info.Environment["Orleans__SiloPort"] = FreePort.Next().ToString();
        info.Environment["Orleans__GatewayPort"] = FreePort.Next().ToString();
        info.Environment["Orleans__ServiceId"] = serviceId;
        info.Environment["Orleans__ClusterId"] = serviceId;

        var process = Process.Start(info) ?? throw new InvalidOperationException($"dotnet {assembly} did not start.");
        var api = new ApiProcess(process, address, assembly);
        process.OutputDataReceived += (_, e) => api.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => api.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await api.WaitUntilReadyAsync(cancellationToken);
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{LastLines()}");
            }

            try
            {
                using var response = await http.GetAsync("health/ready", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow answer on a loaded machine; ask again until the deadline.
            }

            if (clock.Elapsed > ReadyDeadline)
            {
                throw new TimeoutException($"The API at {Address} was not ready within {ReadyDeadline.TotalSeconds:0} s:{Environment.NewLine}{LastLines()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The API built beside this benchmark, same configuration (…/bin/Release/net10.0/), found from the solution directory.</summary>
    private static string BuiltAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GrainSystem.sln")))
            {
                var path = Path.Combine(dir.FullName, "src", "GrainSystem.Api", "bin", configuration, output.Name, "GrainSystem.Api.dll");
                return File.Exists(path)
                    ? path
                    : throw new FileNotFoundException($"GrainSystem.Api is not built at {path}; build the solution (-c {configuration}) first.", path);
            }
        }

        throw new InvalidOperationException("GrainSystem.sln not found above " + AppContext.BaseDirectory);
    }

    // Its output is read (a full pipe would block it) and only the last lines kept, to explain a failed start.
    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private string LastLines()
    {
        lock (_lastLines)
        {
            return string.Join(Environment.NewLine, _lastLines);
        }
    }
}

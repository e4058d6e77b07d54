using System.Net;

namespace GrainSystem.Testing;

/// <summary>
/// The built GrainSystem.Api run by <c>dotnet</c> as its own process on free loopback ports (HTTP, and RESP unless the
/// environment names a <c>Resp__Port</c>), with its deployed appsettings.json; ended by its PID on dispose.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    public const string Project = "GrainSystem.Api";

    private ApiProcess(ServiceProcess process, Uri address, int respPort)
    {
        Process = process;
        Address = address;
        RespPort = respPort;
    }

    public ServiceProcess Process { get; }

    public Uri Address { get; }

    /// <summary>The port of the API's Redis-protocol endpoint.</summary>
    public int RespPort { get; }

    /// <summary>The built assembly the process runs.</summary>
    public static string Assembly => RepositoryLayout.HostAssembly(Project);

    /// <summary>
    /// Starts the API with <paramref name="environment"/> overlaid on the inherited one, on <paramref name="address"/>
    /// (a free loopback port by default); it may not be ready yet.
    /// </summary>
    public static ApiProcess Start(string name, IReadOnlyDictionary<string, string?> environment, Uri? address = null)
    {
        address ??= new Uri($"http://127.0.0.1:{FreePort.Next()}");
        // A free RESP port by default, so API processes never contend for the embedded default (6380).
        var respPort = environment.TryGetValue("Resp__Port", out var port) && port is not null ? int.Parse(port) : FreePort.Next();
        var withResp = new Dictionary<string, string?>(environment) { ["Resp__Port"] = respPort.ToString() };
        var process = ServiceProcess.StartHost(name, Project, ["--urls", address.ToString()], withResp);
        return new ApiProcess(process, address, respPort);
    }

    /// <summary>Starts the API and waits until <c>/health/ready</c> answers 200; ends it when it does not.</summary>
    public static async Task<ApiProcess> StartReadyAsync(string name, IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var api = Start(name, environment);
        try
        {
            await api.WaitUntilReadyAsync(timeout, cancellationToken);
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200; fails at once, with the output's tail, if the process exits.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ready = Poll.UntilAsync(async () =>
        {
            using var response = await http.GetAsync("/health/ready", stop.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }, timeout, $"the API at {Address} to report ready", cancellationToken: stop.Token);
        var exited = Process.WaitForExitAsync(stop.Token);
        var first = await Task.WhenAny(ready, exited);
        await stop.CancelAsync();
        if (first == exited && Process.HasExited)
        {
            try
            {
                await ready;
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
            {
                // Stopped above, or gave up at the same moment: the process it waited for is gone either way.
            }

            throw new InvalidOperationException(
                $"The API exited with code {Process.ExitCode} before it was ready:{Environment.NewLine}{Process.ReadLogTail()}");
        }

        try
        {
            await ready;
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; its output ends:{Environment.NewLine}{Process.ReadLogTail()}", ex);
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}

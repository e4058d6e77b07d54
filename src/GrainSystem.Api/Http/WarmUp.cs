using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Http;

/// <summary>
/// Sends <see cref="ApiOptions.WarmUpRequests"/> cache requests to this process's own HTTP address once it has started — a PUT
/// of one key of its own, reads of it (mostly hits, as a cache's load is), a few more PUTs, then its DELETE — through the whole
/// pipeline and the cache grain, so the hot paths are compiled before the first real load. Until it has finished (or given up
/// after <see cref="Budget"/>) readiness reports "warming up". A host without a loopback-reachable HTTP address (the in-process
/// test server) skips it.
/// </summary>
internal sealed partial class WarmUp(IServer server, IHostApplicationLifetime lifetime, IOptions<ApiOptions> options, ILogger<WarmUp> logger)
    : BackgroundService, IHealthCheck
{
    private const int Connections = 8;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    private volatile bool _finished;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_finished || options.Value.WarmUpRequests == 0 || LoopbackAddress() is null
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("warming up"));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var requests = options.Value.WarmUpRequests;
            if (requests > 0 && await StartedAsync(stoppingToken) && LoopbackAddress() is { } address)
            {
                using var budget = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                budget.CancelAfter(Budget);
                var started = Environment.TickCount64;
                var sent = await RunAsync(address, options.Value, budget.Token);
                LogWarmedUp(logger, sent, Environment.TickCount64 - started);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
        {
            LogWarmUpCut(logger, ex.Message);
        }
        finally
        {
            _finished = true;
        }
    }

    private async Task<bool> StartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = cancellationToken.Register(() => started.TrySetCanceled(cancellationToken));
        await started.Task;
        return true;
    }

    /// <summary>This process's plain-HTTP address as reached over loopback, or null when it serves none.</summary>
    private Uri? LoopbackAddress()
    {
        foreach (var raw in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            var text = raw.Replace("://+:", "://localhost:", StringComparison.Ordinal).Replace("://*:", "://localhost:", StringComparison.Ordinal);
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp)
            {
                var host = uri.Host is "localhost" || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || IPAddress.IsLoopback(ip))
                    ? "127.0.0.1"
                    : uri.Host.Trim('[', ']') == IPAddress.IPv6Any.ToString() ? "[::1]" : null;
                if (host is not null)
                {
                    return new Uri($"http://{host}:{uri.Port}/");
                }
            }
        }

        return null;
    }

    private static async Task<int> RunAsync(Uri address, ApiOptions api, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = Connections }) { BaseAddress = address };
        if (api.AuthenticationEnabled)
        {
            http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, api.ApiKeys.First(k => !string.IsNullOrWhiteSpace(k)));
        }

        var path = $"/cache/grainsystem-warm-up-{Guid.NewGuid():N}";
        var value = new byte[100];
        // The first PUT also waits out a cluster that is not reached yet (503 until then); any other refusal ends the warm-up.
        while (true)
        {
            using var first = await PutAsync(http, path, value, cancellationToken);
            if (first.IsSuccessStatusCode)
            {
                break;
            }

            if (first.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return 0;
            }

            await Task.Delay(100, cancellationToken);
        }

        var requests = api.WarmUpRequests;
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i <= requests; i = Interlocked.Increment(ref next))
            {
                using var response = i % 10 == 0
                    ? await PutAsync(http, path, value, cancellationToken)
                    : await http.GetAsync(path, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
            }
        }));
        using var deleted = await http.DeleteAsync(path, cancellationToken);
        return requests;
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string path, byte[] value, CancellationToken cancellationToken) =>
        http.PutAsync(path, new ByteArrayContent(value) { Headers = { ContentType = new("application/octet-stream") } }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up the cache routes with {Requests} requests in {Milliseconds} ms")]
    private static partial void LogWarmedUp(ILogger logger, int requests, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The warm-up stopped early: {Reason}")]
    private static partial void LogWarmUpCut(ILogger logger, string reason);
}

using System.Net;
using GrainSystem.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// The baseline of the HTTP rows of <c>cache</c>: the ASP.NET Core app users write instead of GrainSystem, a minimal API
/// whose <c>PUT /cache/{key}</c> stores the request body and <c>GET /cache/{key}</c> returns it (or 404), on
/// <see cref="IDistributedCache"/> from Microsoft.Extensions.Caching.StackExchangeRedis over a local redis-server.
/// Runs on Kestrel in the benchmark process, on a loopback port.
/// </summary>
internal sealed class DistributedCacheEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DistributedCacheEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<DistributedCacheEndpoint> StartAsync(string redisConnectionString, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, port));
        // As the API's appsettings.json has it for ASP.NET Core: no log line per request.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddStackExchangeRedisCache(o =>
        {
            o.Configuration = redisConnectionString;
            o.InstanceName = "http-baseline:";
        });

        var app = builder.Build();
        var cache = app.MapGroup("/cache");
        cache.MapPut("/{key}", Put);
        cache.MapGet("/{key}", Get);
        await app.StartAsync(cancellationToken);
        return new DistributedCacheEndpoint(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<NoContent> Put(string key, HttpRequest request, IDistributedCache cache, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        await cache.SetAsync(key, body.ToArray(), new DistributedCacheEntryOptions(), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> Get(string key, IDistributedCache cache, CancellationToken cancellationToken) =>
        await cache.GetAsync(key, cancellationToken) is { } value
            ? TypedResults.Bytes(value, "application/octet-stream")
            : TypedResults.NotFound();
}

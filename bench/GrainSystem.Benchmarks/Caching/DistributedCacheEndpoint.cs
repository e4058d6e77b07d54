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
/// The peers of the <c>http</c> scenario: the ASP.NET Core app users write instead of GrainSystem, a minimal API whose
/// <c>PUT /cache/{key}</c> stores the request body and <c>GET /cache/{key}</c> returns it (or 404), on an
/// <see cref="IDistributedCache"/>: Microsoft.Extensions.Caching.StackExchangeRedis over a local redis-server, or
/// <see cref="DictionaryDistributedCache"/> in the same process. Runs on Kestrel in the benchmark process, on a loopback port.
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

    /// <summary>The minimal API on <c>AddStackExchangeRedisCache</c> over <paramref name="redisConnectionString"/>.</summary>
    public static Task<DistributedCacheEndpoint> StartOnRedisAsync(string redisConnectionString, CancellationToken cancellationToken) =>
        StartAsync(services => services.AddStackExchangeRedisCache(o =>
        {
            o.Configuration = redisConnectionString;
            o.InstanceName = "http-peer:";
        }), cancellationToken);

    /// <summary>The same minimal API on a dictionary in this process.</summary>
    public static Task<DistributedCacheEndpoint> StartInProcessAsync(CancellationToken cancellationToken) =>
        StartAsync(services => services.AddSingleton<IDistributedCache, DictionaryDistributedCache>(), cancellationToken);

    private static async Task<DistributedCacheEndpoint> StartAsync(Action<IServiceCollection> addCache, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, port));
        // As the API's appsettings.json has it for ASP.NET Core: no log line per request.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        addCache(builder.Services);

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

using GrainSystem.Abstractions.Caching;
using GrainSystem.Client.Caching;
using GrainSystem.Hosting;
using GrainSystem.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>A silo co-hosted in the benchmark process (as the embedded API runs), optionally writing through to Redis.</summary>
internal sealed class CoHostedSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private CoHostedSilo(IHost host) => _host = host;

    public CachePartitions Partitions => _host.Services.GetRequiredService<CachePartitions>();

    public ICacheGrain PartitionGrain(int partition) => _host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICacheGrain>(partition);

    public static async Task<CoHostedSilo> StartAsync(string? redis, int maxMemoryMB = 2048)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["Cache:MaxMemoryMB"] = maxMemoryMB.ToString(),
            ["ConnectionStrings:Redis"] = redis,
        };
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var serviceId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next(), serviceId: serviceId, clusterId: serviceId)
            .AddGrainSystem(builder.Configuration, builder.Configuration.GetStorageBackend()));
        builder.Services.AddGrainSystemDistributedCache();
        var host = builder.Build();
        await host.StartAsync();
        return new CoHostedSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

using GrainSystem.Client.Events;
using GrainSystem.Hosting;
using GrainSystem.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainSystem.Benchmarks.Events;

/// <summary>A silo co-hosted in the benchmark process, with <see cref="IEventBus"/>; Redis-backed when a connection string is given.</summary>
internal sealed class BenchmarkSilo(IHost host) : IAsyncDisposable
{
    public IEventBus Bus => host.Services.GetRequiredService<IEventBus>();

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchmarkSilo> StartAsync(string? redisConnection, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var id = "bench-" + Guid.NewGuid().ToString("N")[..8];
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redisConnection,
            ["Events:SubscriberBuffer"] = "100000",
        });
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next(), serviceId: id, clusterId: id)
            .AddGrainSystem(builder.Configuration, builder.Configuration.GetStorageBackend()));
        builder.Services.AddGrainSystemEvents(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new BenchmarkSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(stop.Token);
        host.Dispose();
    }
}

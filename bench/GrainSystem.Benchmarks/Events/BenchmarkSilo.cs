using GrainSystem.Client.Events;
using GrainSystem.Grains.Hosting;
using GrainSystem.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainSystem.Benchmarks.Events;

/// <summary>A silo co-hosted in the benchmark process, with <see cref="IEventClient"/>; Redis-backed when a connection string is given.</summary>
internal sealed class BenchmarkSilo(IHost host) : IAsyncDisposable
{
    public IEventClient Bus => host.Services.GetRequiredService<IEventClient>();

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
            .AddGrainSystem(builder.Configuration));
        builder.Services.AddEventClient();
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

using GrainSystem.Client;
using GrainSystem.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Testing;

/// <summary>
/// A silo in this process, as the API's embedded mode runs one: the silo host's own registration and the whole
/// client surface (<c>AddGrainSystemClient</c>), on free loopback ports with a cluster of its own. Redis-backed
/// (storage, reminders and clustering) when the settings give <c>ConnectionStrings:Redis</c>, in memory otherwise.
/// </summary>
public sealed class CoHostedSilo : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly IHost _host;
    private bool _stopped;

    private CoHostedSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Starts a silo configured by <paramref name="settings"/> (configuration keys, <c>Cache:MaxMemoryMB</c> …) over
    /// free <c>Orleans:SiloPort</c> and <c>Orleans:GatewayPort</c> and a fresh service and cluster id.
    /// </summary>
    public static async Task<CoHostedSilo> StartAsync(IReadOnlyDictionary<string, string?>? settings = null,
        CancellationToken cancellationToken = default)
    {
        var id = "cohosted-" + Guid.NewGuid().ToString("N")[..8];
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = FreePort.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(),
            ["Orleans:ServiceId"] = id,
            ["Orleans:ClusterId"] = id,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var configuration = builder.Configuration;
        var backend = configuration.GetStorageBackend();
        builder.UseOrleans(silo => silo.UseGrainSystemClustering(configuration, backend).AddGrainSystem(configuration, backend));
        builder.Services.AddGrainSystemClient();

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new CoHostedSilo(host);
    }

    /// <summary>Stops the silo (gracefully, within 10 s); <see cref="DisposeAsync"/> after it only releases the host.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var stop = new CancellationTokenSource(StopTimeout);
        await _host.StopAsync(stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _host.Dispose();
        }
    }
}

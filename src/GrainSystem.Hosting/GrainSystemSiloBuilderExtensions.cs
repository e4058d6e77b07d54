using System.Net;
using System.Net.Sockets;
using GrainSystem.Grains;
using GrainSystem.Grains.Caching;
using GrainSystem.Grains.Events;
using GrainSystem.Grains.Jobs;
using GrainSystem.Grains.Locking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using StackExchange.Redis;

namespace GrainSystem.Hosting;

/// <summary>
/// The silo side of GrainSystem in one place: the silo host, the API's embedded mode and the test
/// clusters all call these, so they cannot drift apart.
/// </summary>
public static class GrainSystemSiloBuilderExtensions
{
    /// <summary>
    /// Grains, their options, grain storage, reminders, the storage serializer and the dashboard feed, stored as
    /// <paramref name="backend"/> says. Clustering is separate (<see cref="UseGrainSystemClustering"/>) because test
    /// clusters bring their own.
    /// </summary>
    public static ISiloBuilder AddGrainSystem(this ISiloBuilder silo, IConfiguration configuration, StorageBackend backend)
    {
        silo.Services.AddSingleton(backend);

        // Plain System.Text.Json: stored state names no CLR type or assembly, so state classes can be
        // renamed or moved between namespaces without orphaning what is already stored.
        silo.UseSystemTextJsonGrainStorageSerializer();

        if (backend.IsRedis)
        {
            silo.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(backend.CloneRedisConfiguration()));
            silo.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, RedisDurabilityCheck>();
            // The provider takes the silo's IGrainStorageSerializer (System.Text.Json, above) when none is set here.
            // Clearing a state deletes its key: a finished job's spec, state and result log leave Redis at the end of its
            // retention, and an id used again starts from no stored state at all.
            silo.AddRedisGrainStorageAsDefault(o =>
            {
                o.ConfigurationOptions = backend.CloneRedisConfiguration();
                o.DeleteStateOnClear = true;
            });
            silo.UseRedisReminderService(o => o.ConfigurationOptions = backend.CloneRedisConfiguration());
        }
        else
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
        }

        if (configuration.IsDashboardEnabled())
        {
            silo.AddDashboard();
        }

        if (TelemetryExtensions.IsExported(configuration))
        {
            silo.AddActivityPropagation();
        }

        return silo
            .AddGrainSystemCaching(backend)
            .AddGrainSystemLocking()
            .AddGrainSystemJobs(configuration)
            .AddGrainSystemEvents(backend);
    }

    /// <summary>
    /// Cluster membership and endpoints (section <c>Orleans</c>, read now: clustering needs them while the silo is
    /// being built): Redis clustering with the Redis backend, localhost clustering when embedded; failover timings
    /// from <c>Orleans:Failover</c>.
    /// </summary>
    public static ISiloBuilder UseGrainSystemClustering(this ISiloBuilder silo, IConfiguration configuration, StorageBackend backend)
    {
        var options = configuration.GetOrleansHostingOptions();

        if (backend.IsRedis)
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = backend.CloneRedisConfiguration());
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            var listen = IPAddress.Parse(options.ListenAddress);
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = ResolveAdvertisedAddress(options.AdvertisedAddress);
                o.SiloPort = options.SiloPort;
                o.GatewayPort = options.GatewayPort;
                o.SiloListeningEndpoint = new IPEndPoint(listen, options.SiloPort);
                o.GatewayListeningEndpoint = new IPEndPoint(listen, options.GatewayPort);
            });
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort,
                serviceId: options.ServiceId, clusterId: options.ClusterId);
        }

        silo.Services.AddSiloFailover();
        return silo;
    }

    /// <summary>The <c>Orleans</c> section, validated as options are at start.</summary>
    internal static OrleansHostingOptions GetOrleansHostingOptions(this IConfiguration configuration) =>
        configuration.GetValidated(OrleansHostingOptions.SectionName, new OrleansHostingOptionsValidator());

    private static IPAddress ResolveAdvertisedAddress(string address)
    {
        if (IPAddress.TryParse(address, out var ip))
        {
            return ip;
        }

        // A host name (a container's service name): advertise the IPv4 address it resolves to.
        return Dns.GetHostAddresses(address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException(
                $"Orleans:AdvertisedAddress '{address}' does not resolve to an IPv4 address.");
    }
}

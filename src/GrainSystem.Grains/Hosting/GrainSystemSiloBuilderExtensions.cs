using System.Net;
using System.Net.Sockets;
using GrainSystem.Grains.Caching;
using GrainSystem.Grains.Events;
using GrainSystem.Grains.Locking;
using GrainSystem.Grains.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using StackExchange.Redis;

namespace GrainSystem.Grains.Hosting;

/// <summary>
/// The silo side of GrainSystem in one place: the silo host, the API's embedded mode and the test
/// clusters all call these, so they cannot drift apart.
/// </summary>
public static class GrainSystemSiloBuilderExtensions
{
    /// <summary>
    /// Grains, their options, grain storage, reminders, the storage serializer and the dashboard feed.
    /// Redis-backed when <c>ConnectionStrings:Redis</c> is set, in memory otherwise. Clustering is separate
    /// (<see cref="UseGrainSystemClustering"/>) because test clusters bring their own.
    /// </summary>
    public static ISiloBuilder AddGrainSystem(this ISiloBuilder silo, IConfiguration configuration)
    {
        var redis = RedisSettings.From(configuration);

        // Plain System.Text.Json: stored state names no CLR type or assembly, so state classes can be
        // renamed or moved between namespaces without orphaning what is already stored.
        silo.UseSystemTextJsonGrainStorageSerializer();

        if (redis is null)
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.Clone()));
            // The provider takes the silo's IGrainStorageSerializer (System.Text.Json, above) when none is set here.
            silo.AddRedisGrainStorageAsDefault(o => o.ConfigurationOptions = redis.Clone());
            silo.UseRedisReminderService(o => o.ConfigurationOptions = redis.Clone());
        }

        silo.AddDashboard();
        if (TelemetryExtensions.IsExported(configuration))
        {
            silo.AddActivityPropagation();
        }

        return silo
            .AddGrainSystemCaching(configuration)
            .AddGrainSystemLocking(configuration)
            .AddGrainSystemJobs(configuration)
            .AddGrainSystemEvents(configuration);
    }

    /// <summary>
    /// Cluster membership and endpoints: Redis clustering when Redis is configured, localhost clustering
    /// otherwise; failover timings from <c>Orleans:Failover</c>.
    /// </summary>
    public static ISiloBuilder UseGrainSystemClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.BindValidated<OrleansHostingOptions>(OrleansHostingOptions.SectionName);
        var redis = RedisSettings.From(configuration);

        if (redis is null)
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort,
                serviceId: options.ServiceId, clusterId: options.ClusterId);
        }
        else
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
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

        var failover = options.Failover;
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = failover.ProbeTimeout;
            o.NumMissedProbesLimit = failover.NumMissedProbesLimit;
            o.MaxProbeTimeout = failover.MaxProbeTimeout;
            o.EnableConnectionLivenessCheck = failover.EnableConnectionLivenessCheck;
            o.DefunctSiloExpiration = failover.DefunctSiloExpiration;
            o.DefunctSiloCleanupPeriod = failover.DefunctSiloCleanupPeriod;
            o.DefunctSiloMinimumRetention = failover.DefunctSiloMinimumRetention;
            o.TableRefreshTimeout = failover.TableRefreshTimeout;
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = failover.ResponseTimeout);
        return silo;
    }

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

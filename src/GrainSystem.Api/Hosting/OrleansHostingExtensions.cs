using GrainSystem.Grains.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace GrainSystem.Api.Hosting;

/// <summary>Chooses the hosting mode: an embedded silo by default, an Orleans client of a Redis cluster otherwise.</summary>
public static class OrleansHostingExtensions
{
    public static WebApplicationBuilder AddGrainSystemOrleans(this WebApplicationBuilder builder)
    {
        builder.AddGrainSystemTelemetry();
        var configuration = builder.Configuration;
        var redis = RedisSettings.From(configuration);
        if (redis is null)
        {
            // Embedded: the API co-hosts a silo with localhost clustering and in-memory storage.
            builder.UseOrleans(silo => silo.UseGrainSystemClustering(configuration).AddGrainSystem(configuration));
            return builder;
        }

        var options = configuration.BindValidated<OrleansHostingOptions>(OrleansHostingOptions.SectionName);
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.Failover.ResponseTimeout);
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = options.Failover.GatewayListRefreshPeriod);
            client.UseConnectionRetryFilter<ClusterConnectionRetryFilter>();
            client.AddDashboard();
            if (TelemetryExtensions.IsExported(configuration))
            {
                client.AddActivityPropagation();
            }
        });

        // The web server starts while the client is still looking for the cluster, so liveness answers
        // and grain routes answer 503 until a gateway is found.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        return builder;
    }
}

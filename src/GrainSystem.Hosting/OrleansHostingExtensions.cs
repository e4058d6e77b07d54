using GrainSystem.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace GrainSystem.Hosting;

/// <summary>How a process joins GrainSystem: as a silo, or (the API) as an embedded silo or an Orleans client of a Redis cluster.</summary>
public static class OrleansHostingExtensions
{
    /// <summary>A silo, clustered and stored as <c>ConnectionStrings:Redis</c> says, with telemetry.</summary>
    public static IHostApplicationBuilder AddGrainSystemSilo(this IHostApplicationBuilder builder) =>
        builder.AddSilo(builder.Configuration.GetStorageBackend());

    /// <summary>
    /// The API's hosting: with the embedded backend the API co-hosts a silo (localhost clustering, in-memory storage);
    /// with Redis it joins the silos' cluster as an Orleans client.
    /// </summary>
    public static IHostApplicationBuilder AddGrainSystemOrleans(this IHostApplicationBuilder builder)
    {
        var backend = builder.Configuration.GetStorageBackend();
        builder.Services.AddSingleton(new GrainCallBudget(FailoverConfiguration.ResponseTimeout(builder.Configuration)));
        return backend.IsRedis ? builder.AddClusterClient(backend) : builder.AddSilo(backend);
    }

    private static IHostApplicationBuilder AddSilo(this IHostApplicationBuilder builder, StorageBackend backend)
    {
        builder.AddGrainSystemTelemetry();
        var configuration = builder.Configuration;
        builder.UseOrleans(silo => silo.UseGrainSystemClustering(configuration, backend).AddGrainSystem(configuration, backend));
        return builder;
    }

    private static IHostApplicationBuilder AddClusterClient(this IHostApplicationBuilder builder, StorageBackend backend)
    {
        builder.AddGrainSystemTelemetry();
        var configuration = builder.Configuration;
        var options = configuration.GetOrleansHostingOptions();
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = backend.CloneRedisConfiguration());
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            client.Services.AddClientFailover();
            client.UseConnectionRetryFilter<ClusterConnectionRetryFilter>();
            client.Services.TryAddSingleton(TimeProvider.System);
            client.AddOutgoingGrainCallFilter<GrainCallDeadlineFilter>();
            if (configuration.IsDashboardEnabled())
            {
                client.AddDashboard();
            }

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

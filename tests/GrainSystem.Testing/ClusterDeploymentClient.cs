using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace GrainSystem.Testing;

/// <summary>The Orleans client of a <see cref="ClusterDeployment"/>, configured as the API's client mode is.</summary>
internal static class ClusterDeploymentClient
{
    public static HostApplicationBuilder UseOrleansClientOf(this HostApplicationBuilder builder, ClusterDeployment cluster)
    {
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(cluster.Redis.ConnectionString + ",abortConnect=false");
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
        });
        return builder;
    }
}

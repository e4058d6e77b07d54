using System.Diagnostics;
using System.Net;
using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Hosting;

public sealed class ClusterFailoverTests(ProcessCluster cluster) : IClassFixture<ProcessCluster>
{
    [Fact]
    public async Task Cluster_forms_through_redis_and_the_api_is_ready()
    {
        var members = await cluster.Redis.Database.HashGetAllAsync($"{cluster.ServiceId}/members/{cluster.ClusterId}");
        Assert.True(members.Length >= cluster.SiloCount, $"membership table has {members.Length} rows");
        var hosts = await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(cluster.SiloCount, hosts.Count);
        Assert.Equal(HttpStatusCode.OK, (await cluster.Http.GetAsync("/health/ready")).StatusCode);
    }
}

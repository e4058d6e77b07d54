using System.Diagnostics;
using System.Net;
using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Hosting;

public sealed class ClusterFormationTests(ProcessCluster cluster) : IClassFixture<ProcessCluster>
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

/// <summary>With every silo gone the API answers 503 problems quickly, never 500, never a hang.</summary>
public sealed class ClusterUnreachableTests(ProcessCluster cluster) : IClassFixture<ProcessCluster>
{
    [Fact]
    public async Task Api_answers_503_within_a_bounded_time_while_no_silo_is_reachable()
    {
        foreach (var silo in cluster.Silos)
        {
            silo.Process.Kill();
        }

        // Every answer while the cluster is gone: 503, within the response timeout plus a margin.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(8))
        {
            var call = Stopwatch.StartNew();
            var response = await cluster.Http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(call.Elapsed < TimeSpan.FromSeconds(7), $"a call took {call.Elapsed.TotalSeconds:0.0} s");
        }

        var live = await cluster.Http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}

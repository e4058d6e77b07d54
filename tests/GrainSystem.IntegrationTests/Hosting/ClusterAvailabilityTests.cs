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
    public async Task Grain_routes_answer_503_problems_within_a_bounded_time_while_no_silo_is_reachable()
    {
        // Grain routes work first, so the client has a manifest and live gateways to lose.
        Assert.Equal(HttpStatusCode.NotFound, (await cluster.Http.GetAsync("/cache/outage-probe")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cluster.Http.GetAsync("/locks/outage-probe")).StatusCode);
        foreach (var silo in cluster.Silos)
        {
            silo.Process.Kill();
        }

        // Every answer while the cluster is gone: a 503 problem with Retry-After, within the 5 s response
        // timeout plus a margin for a loaded machine.
        var clock = Stopwatch.StartNew();
        var requests = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(12))
        {
            foreach (var request in OutageRequests())
            {
                var call = Stopwatch.StartNew();
                var response = await cluster.Http.SendAsync(request);
                Assert.True(call.Elapsed < TimeSpan.FromSeconds(9), $"{request.Method} {request.RequestUri} took {call.Elapsed.TotalSeconds:0.0} s");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                if (!request.RequestUri!.AbsolutePath.StartsWith("/health", StringComparison.Ordinal))
                {
                    Assert.True("application/problem+json" == response.Content.Headers.ContentType?.MediaType,
                        $"{request.Method} {request.RequestUri}: {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync()}");
                    Assert.NotNull(response.Headers.RetryAfter);
                }

                requests++;
            }
        }

        Assert.True(requests >= 4, $"only {requests} requests answered in 12 s");
        Assert.Equal(HttpStatusCode.OK, (await cluster.Http.GetAsync("/health/live")).StatusCode);
    }

    private static IEnumerable<HttpRequestMessage> OutageRequests()
    {
        yield return new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        yield return new HttpRequestMessage(HttpMethod.Get, "/locks/outage-probe");
        yield return new HttpRequestMessage(HttpMethod.Put, "/cache/outage-probe") { Content = new StringContent("v") };
    }
}

/// <summary>An API started before any silo answers 503 on grain routes (not 500) and recovers once silos start.</summary>
public sealed class ApiBeforeSilosTests
{
    [Fact]
    public async Task Grain_routes_answer_503_until_the_first_silo_starts_then_succeed()
    {
        await using var redis = await RedisServer.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["Orleans__ClusterId"] = "it-early-api",
            ["Orleans__ServiceId"] = "grainsystem-it",
        };
        await using var api = ApiProcess.Start("early-api", environment);
        using var http = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromSeconds(15) };
        await Poll.UntilAsync(async () => (await http.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the API to answer liveness with no silo running");

        var early = await http.GetAsync("/locks/early");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(early.Headers.RetryAfter);

        environment["Orleans__SiloPort"] = FreePort.Next().ToString();
        environment["Orleans__GatewayPort"] = FreePort.Next().ToString();
        await using var silo = ServiceProcess.StartHost("late-silo", "GrainSystem.Silo", [], environment);
        await Poll.UntilAsync(async () => (await http.GetAsync("/locks/early")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "grain routes to succeed once a silo has started");
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GrainSystem.Abstractions.Locking;
using GrainSystem.Testing;
using Xunit.Abstractions;

namespace GrainSystem.IntegrationTests.Hosting;

/// <summary>A cluster that removes dead silo rows from the membership table within about 10 s.</summary>
public sealed class FastCleanupCluster : ProcessCluster
{
    public FastCleanupCluster()
    {
        Settings["Orleans__Failover__DefunctSiloExpiration"] = "00:00:05";
        Settings["Orleans__Failover__DefunctSiloMinimumRetention"] = "00:00:05";
        Settings["Orleans__Failover__DefunctSiloCleanupPeriod"] = "00:00:05";

        // A removal runs when a silo reads the membership table; after a death with nothing else changing, that is
        // the periodic re-read. With it every 5 s a dead row goes within about 10 s of the death (retention + period).
        Settings["Orleans__Failover__TableRefreshTimeout"] = "00:00:05";
    }
}

/// <summary>SIGKILL of the silo hosting a lock: the API serves that lock again within 10 s, state intact.</summary>
public sealed class SiloKillFailoverTests(FastCleanupCluster cluster, ITestOutputHelper output) : IClassFixture<FastCleanupCluster>
{
    [Fact]
    public async Task Grains_of_a_SIGKILLed_silo_are_callable_through_the_api_within_10_s_and_its_row_is_cleaned_up()
    {
        var probe = await FailoverProbe.StartAsync(cluster, "failover-kill");
        var elapsed = await probe.TakeDownAndMeasureAsync(s => s.Process.Kill());
        output.WriteLine($"SIGKILL of {probe.Victim.Name}: lock served again after {elapsed.TotalSeconds:0.00} s");
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"failover took {elapsed.TotalSeconds:0.0} s");

        // The dead silo's row is first marked Dead, then removed by the defunct-silo cleanup.
        var key = $"{cluster.ServiceId}/members/{cluster.ClusterId}";
        var victimPort = $":{probe.Victim.SiloPort}:";
        var rows = await cluster.Redis.Database.HashGetAllAsync(key);
        Assert.Contains(rows, r => r.Name.ToString().Contains(victimPort, StringComparison.Ordinal));
        try
        {
            await Poll.UntilAsync(async () => !(await cluster.Redis.Database.HashGetAllAsync(key))
                    .Any(r => r.Name.ToString().Contains(victimPort, StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30), $"the dead silo's row ({victimPort}) to be removed from {key}", TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException)
        {
            // What the cleanup saw: the row's status, liveness and suspect-vote times decide whether it may go.
            foreach (var row in await cluster.Redis.Database.HashGetAllAsync(key))
            {
                output.WriteLine($"{row.Name} = {row.Value}");
            }

            throw;
        }
    }
}

/// <summary>SIGSTOP (a hung silo, as a lost machine looks): the API serves its lock again within 10 s.</summary>
public sealed class SiloHangFailoverTests(ProcessCluster cluster, ITestOutputHelper output) : IClassFixture<ProcessCluster>
{
    [Fact]
    public async Task Grains_of_a_SIGSTOPped_silo_are_callable_through_the_api_within_10_s()
    {
        var probe = await FailoverProbe.StartAsync(cluster, "failover-hang");
        var elapsed = await probe.TakeDownAndMeasureAsync(s => s.Process.Pause());
        output.WriteLine($"SIGSTOP of {probe.Victim.Name}: lock served again after {elapsed.TotalSeconds:0.00} s");
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"failover took {elapsed.TotalSeconds:0.0} s");
    }
}

/// <summary>Holds a lock through the API, finds the silo hosting it, and times its recovery after that silo is lost.</summary>
internal sealed class FailoverProbe
{
    private readonly ProcessCluster _cluster;
    private readonly string _lock;
    private readonly long _fencingToken;

    private FailoverProbe(ProcessCluster cluster, string lockName, long fencingToken, SiloProcess victim)
    {
        _cluster = cluster;
        _lock = lockName;
        _fencingToken = fencingToken;
        Victim = victim;
    }

    public SiloProcess Victim { get; }

    public static async Task<FailoverProbe> StartAsync(ProcessCluster cluster, string lockName)
    {
        var response = await cluster.Http.PostAsJsonAsync($"/locks/{lockName}/acquire",
            new { owner = "failover-probe", leaseSeconds = 600, waitSeconds = 0 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var grant = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var victim = await cluster.SiloHostingAsync(cluster.Client.GetGrain<ILockGrain>(lockName));
        return new FailoverProbe(cluster, lockName, grant.GetProperty("fencingToken").GetInt64(), victim);
    }

    /// <summary>Time from taking the victim down until the API answers for the lock again, with its holder intact.</summary>
    public async Task<TimeSpan> TakeDownAndMeasureAsync(Action<SiloProcess> takeDown)
    {
        using var http = new HttpClient { BaseAddress = _cluster.ApiAddress, Timeout = TimeSpan.FromSeconds(15) };
        var clock = Stopwatch.StartNew();
        takeDown(Victim);
        await Poll.UntilAsync(async () =>
        {
            var response = await http.GetAsync($"/locks/{_lock}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode); // never a 500 meanwhile
                return false;
            }

            var info = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(info.GetProperty("held").GetBoolean(), "the lock's holder was lost with its silo");
            Assert.Equal(_fencingToken, info.GetProperty("fencingToken").GetInt64());
            return true;
        }, TimeSpan.FromSeconds(30), $"the API to serve lock '{_lock}' again after losing {Victim.Name}", TimeSpan.FromMilliseconds(100));
        return clock.Elapsed;
    }
}

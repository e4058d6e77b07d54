using GrainSystem.FaultTests.Nemesis;
using GrainSystem.FaultTests.Runs;
using Xunit.Abstractions;

namespace GrainSystem.FaultTests.Profiles;

/// <summary>
/// The short profile: each fault once, under the workload, on one cluster of three silo processes, the API process and
/// a private redis-server; every guarantee is checked on the recorded history after each fault.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ShortProfileTests(FaultSessionFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Down = FaultCatalog.Down;

    [FaultFact]
    public Task Kill_a_silo() => RunAsync(new KillSilo(Down));

    [FaultFact]
    public Task Pause_a_silo_past_failure_detection() => RunAsync(new PauseSilo());

    [FaultFact]
    public Task A_silo_clock_40_s_ahead() => RunAsync(new SkewClock(FaultCatalog.ClockOffset, Down));

    [FaultFact]
    public Task Freeze_redis_8_s() => RunAsync(new FreezeRedis(FaultCatalog.RedisFrozen));

    [FaultFact]
    public Task Restart_redis_on_its_append_only_file() => RunAsync(new RestartRedis());

    [FaultFact]
    public Task Restart_the_api() => RunAsync(new RestartApi(Down));

    [FaultFact]
    public Task Kill_a_silo_while_redis_is_frozen() => RunAsync(new Combined(new FreezeRedis(FaultCatalog.RedisFrozen), new KillSilo(Down)));

    [FaultFact]
    public Task Restart_the_api_while_a_silo_is_frozen() =>
        RunAsync(new Combined(new PauseSilo(), new RestartApi(Down)) { HealEachWhenHeld = true });

    [FaultFact]
    public async Task A_60_s_soak_at_full_load_keeps_every_guarantee_and_memory_flat()
    {
        var session = fixture.Session;
        session.Log = output.WriteLine;

        var soak = await session.SoakAsync(TimeSpan.FromSeconds(60));

        output.WriteLine(soak.ToString());
        RunFiles.Save("soak", soak.Checks);
        Assert.True(soak.Checks.Anomalies.Count == 0, string.Join(Environment.NewLine, soak.Checks.Anomalies.Take(30)));
        Assert.Empty(soak.Grown);
    }

    private async Task RunAsync(Fault fault)
    {
        var session = fixture.Session;
        session.Log = output.WriteLine;
        var report = await session.RunAsync([fault]);
        output.WriteLine(report.ToString());
        RunFiles.Save(fault.Name, report);

        Assert.True(report.Anomalies.Count == 0, $"{report.Anomalies.Count} anomalies under {fault.Name}:{Environment.NewLine}"
            + string.Join(Environment.NewLine, report.Anomalies.Take(30)));
        Assert.True(report.Unknown.Count == 0, "undecided: " + string.Join("; ", report.Unknown));
        Assert.Empty(report.History.NemesisErrors);
    }
}

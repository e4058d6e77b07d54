using System.Diagnostics;
using Xunit.Abstractions;

namespace GrainSystem.FaultTests.Profiles;

/// <summary>
/// A silo frozen (SIGSTOP) until its peers declared it dead must, once it runs again, find that out and stop by itself
/// within seconds: until then it serves as a stale duplicate of the grains that moved.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class PausedSiloTests(FaultSessionFixture fixture, ITestOutputHelper output)
{
    /// <summary>A membership read after the stall, and the two seconds Orleans gives its logs before it ends the process.</summary>
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(8);

    [FaultFact]
    public async Task A_silo_declared_dead_while_frozen_stops_by_itself_once_it_runs_again()
    {
        var cluster = fixture.Session.Cluster;
        await fixture.Session.EnsureWholeAsync();
        var victim = cluster.Running[^1];
        victim.Process.Pause();
        try
        {
            var detected = await cluster.WaitUntilDeclaredDeadAsync(victim, TimeSpan.FromSeconds(60));
            output.WriteLine($"{victim.Name} declared dead after {detected.TotalSeconds:0.0} s");
        }
        finally
        {
            victim.Process.Resume();
        }

        var resumed = Stopwatch.StartNew();
        await Task.WhenAny(victim.Process.WaitForExitAsync(), Task.Delay(ExitBound * 3));
        var ranOn = resumed.Elapsed;
        output.WriteLine($"{victim.Name} {(victim.Process.HasExited ? "stopped" : "still ran")} {ranOn.TotalSeconds:0.0} s after SIGCONT");
        await cluster.ReplaceSiloAsync(victim);

        Assert.True(ranOn < ExitBound, $"a silo declared dead ran on {ranOn.TotalSeconds:0.0} s after SIGCONT");
    }
}

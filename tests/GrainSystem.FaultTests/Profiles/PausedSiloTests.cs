using System.Diagnostics;
using GrainSystem.Hosting;
using GrainSystem.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace GrainSystem.FaultTests.Profiles;

/// <summary>
/// A silo frozen (SIGSTOP) until its peers declared it dead must, once it runs again, find that out and stop by itself
/// within seconds: until then it serves as a stale duplicate of the grains that moved. And a client (the API's)
/// started while a silo is frozen, its gateway still listed, must call grains within seconds of that silo's death.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class PausedSiloTests(FaultSessionFixture fixture, ITestOutputHelper output)
{
    /// <summary>A membership read after the stall, and the two seconds Orleans gives its logs before it ends the process.</summary>
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(8);

    /// <summary>From the frozen silo's death to every client serving: a gateway list refresh and a call or two.</summary>
    private static readonly TimeSpan ServeBound = TimeSpan.FromSeconds(5);

    /// <summary>Clients started at once, each picking a gateway of its own: most likely one picks the frozen silo's.</summary>
    private const int Clients = 6;

    [FaultFact]
    public async Task Clients_started_while_a_silo_is_frozen_call_grains_within_seconds_of_its_death()
    {
        var cluster = fixture.Session.Cluster;
        await fixture.Session.EnsureWholeAsync();
        var victim = cluster.Running[^1];
        var settings = cluster.Environment(new Dictionary<string, string?>())
            .ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => e.Value);
        victim.Process.Pause();
        var clock = Stopwatch.StartNew();
        var hosts = new List<IHost>();
        TimeSpan dead;
        TimeSpan[] served;
        try
        {
            // Started as the API starts its client: the frozen silo is still an active gateway in the membership table.
            var serving = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
                builder.Configuration.AddInMemoryCollection(settings);
                builder.AddGrainSystemOrleans();
                var host = builder.Build();
                lock (hosts)
                {
                    hosts.Add(host);
                }

                await host.StartAsync();
                var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
                await Poll.UntilAsync(async () =>
                {
                    try
                    {
                        return (await management.GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(2))).Count > 0;
                    }
                    catch (Exception ex) when (ex is TimeoutException or OrleansException or ArgumentException)
                    {
                        return false;
                    }
                }, TimeSpan.FromSeconds(90), "a grain call from a client started while a silo is frozen", TimeSpan.FromMilliseconds(100));
                return clock.Elapsed;
            })).ToList();
            await cluster.WaitUntilDeclaredDeadAsync(victim, TimeSpan.FromSeconds(60));
            dead = clock.Elapsed;
            served = await Task.WhenAll(serving);
        }
        finally
        {
            victim.Process.Resume();
            foreach (var host in hosts)
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
                host.Dispose();
            }

            await cluster.ReplaceSiloAsync(victim);
        }

        output.WriteLine($"silo declared dead {dead.TotalSeconds:0.0} s after SIGSTOP; clients served after "
            + string.Join(", ", served.Select(t => $"{t.TotalSeconds:0.0} s")));
        var last = served.Max() - dead;
        Assert.True(last < ServeBound, $"a client started while a silo was frozen served {last.TotalSeconds:0.0} s after its death");
    }

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

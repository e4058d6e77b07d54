using GrainSystem.Testing;
using Xunit.Abstractions;

namespace GrainSystem.FaultTests.Profiles;

/// <summary>
/// A Redis that can lose data silently breaks fencing-token and version monotonicity: a silo must refuse to start on
/// one, naming the Redis setting.
/// </summary>
public sealed class RedisDurabilityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [FaultFact]
    public Task A_silo_refuses_a_redis_without_its_append_only_file() =>
        RefusesAsync(new RedisServerOptions { AppendOnly = false }, evictionPolicy: null, "appendonly");

    [FaultFact]
    public Task A_silo_refuses_a_redis_that_evicts_keys() =>
        RefusesAsync(new RedisServerOptions { AppendOnly = true, AppendFsync = "always" }, evictionPolicy: "allkeys-lru", "maxmemory-policy");

    private async Task RefusesAsync(RedisServerOptions options, string? evictionPolicy, string setting)
    {
        await using var redis = await RedisServer.StartAsync(options);
        if (evictionPolicy is not null)
        {
            await redis.Server.ConfigSetAsync("maxmemory-policy", evictionPolicy);
        }

        await using var silo = ServiceProcess.StartHost("volatile-silo", "GrainSystem.Silo", [], new Dictionary<string, string?>
        {
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["Orleans__ClusterId"] = "volatile-" + Guid.NewGuid().ToString("N")[..8],
            ["Orleans__SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        await Task.WhenAny(silo.WaitForExitAsync(), Task.Delay(Deadline));

        output.WriteLine(silo.ReadLogTail());
        Assert.True(silo.HasExited, $"the silo kept running {Deadline.TotalSeconds:0} s on a Redis that can lose data ({setting})");
        Assert.NotEqual(0, silo.ExitCode);
        Assert.Contains(setting, silo.ReadLog(), StringComparison.OrdinalIgnoreCase);
    }
}

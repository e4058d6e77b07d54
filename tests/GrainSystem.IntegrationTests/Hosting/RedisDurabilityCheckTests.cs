using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Hosting;

/// <summary>A silo process refuses a Redis that can lose data, naming the Redis setting, unless told to accept it.</summary>
public sealed class RedisDurabilityCheckTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_refuses_to_start_on_redis_with_the_append_only_file_off()
    {
        await using var redis = await RedisServer.StartAsync(new RedisServerOptions { AppendOnly = false });
        await using var silo = StartSilo(redis, allowVolatile: false);

        await Poll.UntilAsync(() => silo.HasExited, StartTimeout, "the silo to refuse a Redis without an append-only file");
        await silo.WaitForExitAsync(); // its output is read to the end: an exited process may not have flushed it to the log yet
        Assert.Contains("appendonly yes", silo.ReadLog(), StringComparison.Ordinal);
        Assert.Contains("Redis__AllowVolatile", silo.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_refuses_to_start_on_redis_with_an_evicting_memory_policy()
    {
        await using var redis = await RedisServer.StartAsync();
        await redis.Server.ConfigSetAsync("maxmemory-policy", "allkeys-lru");
        await using var silo = StartSilo(redis, allowVolatile: false);

        await Poll.UntilAsync(() => silo.HasExited, StartTimeout, "the silo to refuse a Redis that evicts keys");
        await silo.WaitForExitAsync(); // its output is read to the end: an exited process may not have flushed it to the log yet
        Assert.Contains("maxmemory-policy noeviction", silo.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_allow_volatile_a_silo_starts_on_such_a_redis_and_warns()
    {
        await using var redis = await RedisServer.StartAsync(new RedisServerOptions { AppendOnly = false });
        await using var silo = StartSilo(redis, allowVolatile: true);

        await Poll.UntilAsync(async () => (await redis.Database.HashGetAllAsync("grainsystem-it/members/it-volatile"))
            .Any(row => row.Value.ToString() is var text && (text.Contains("\"Status\":3", StringComparison.Ordinal)
                || text.Contains("\"Status\":\"Active\"", StringComparison.Ordinal))), StartTimeout,
            "the silo to become active on a volatile Redis");
        Assert.False(silo.HasExited);
        Assert.Contains("Redis:AllowVolatile allows", silo.ReadLog(), StringComparison.Ordinal);
    }

    private static ServiceProcess StartSilo(RedisServer redis, bool allowVolatile) =>
        ServiceProcess.StartHost("durability-silo", "GrainSystem.Silo", [], new Dictionary<string, string?>
        {
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["Orleans__ClusterId"] = "it-volatile",
            ["Orleans__ServiceId"] = "grainsystem-it",
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
            ["Redis__AllowVolatile"] = allowVolatile ? "true" : "false",
        });
}

using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>
/// A Redis whose cluster already recorded 16 partitions, and no running silo: a silo that cannot serve the cache data there
/// refuses to start, and joins nothing.
/// </summary>
public sealed class CacheStartGuardTests : IAsyncLifetime
{
    private const string ServiceId = "grainsystem-it";
    private readonly string _clusterId = "it-" + Guid.NewGuid().ToString("N")[..8];
    private RedisServer _redis = null!;
    private ServiceProcess? _silo;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        await _redis.Database.StringSetAsync($"{ServiceId}:cache-meta:partitions", 16);
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_silo_started_with_another_partition_count_refuses_to_start_before_joining_the_cluster()
    {
        var log = await RefusedStartAsync("wrong-partitions", partitions: 32);
        Assert.Contains("Cache:Partitions", log, StringComparison.Ordinal);
        Assert.Contains("Cache__Partitions=16", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_started_on_entries_of_the_earlier_hash_layout_refuses_to_start_and_says_how_to_migrate()
    {
        // An entry as the earlier version stored it: a hash of value, type, version, sliding window and absolute expiry.
        await _redis.Database.HashSetAsync($"{ServiceId}:cache:earlier", [new("v", "old"), new("t", "text/plain"), new("n", 7), new("s", 0), new("a", 0)]);

        var log = await RefusedStartAsync("earlier-layout", partitions: 16);
        Assert.Contains($"such as '{ServiceId}:cache:earlier'", log, StringComparison.Ordinal);
        Assert.Contains("To migrate", log, StringComparison.Ordinal);
        Assert.Contains($"--scan --pattern '{ServiceId}:cache:*'", log, StringComparison.Ordinal);

        // Nothing of the earlier data was touched, and no layout was recorded over it.
        Assert.Equal("old", (string?)await _redis.Database.HashGetAsync($"{ServiceId}:cache:earlier", "v"));
        Assert.False(await _redis.Database.KeyExistsAsync($"{ServiceId}:cache-meta:layout"));
    }

    /// <summary>Starts a silo that must refuse to start; returns its log once it exited, after checking it never joined.</summary>
    private async Task<string> RefusedStartAsync(string name, int partitions)
    {
        _silo = ServiceProcess.StartHost(name, "GrainSystem.Silo", [],
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__Redis"] = _redis.ConnectionString,
                ["Orleans__ClusterId"] = _clusterId,
                ["Orleans__ServiceId"] = ServiceId,
                ["Orleans__SiloPort"] = FreePort.Next().ToString(),
                ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
                ["Cache__Partitions"] = partitions.ToString(),
                ["DOTNET_ENVIRONMENT"] = "Production",
            });

        // The log is written by the output readers, which may finish a moment after the process exited.
        await Poll.UntilAsync(() => _silo.HasExited && _silo.ReadLog().Contains("Unhandled exception", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the silo to exit with its reason");

        // Refused before joining: the membership table never listed it (not even as dead).
        var members = await _redis.Database.HashGetAllAsync($"{ServiceId}/members/{_clusterId}");
        Assert.DoesNotContain(members, m => m.Value.ToString().Contains("\"Status\"", StringComparison.Ordinal));
        return _silo.ReadLog();
    }
}

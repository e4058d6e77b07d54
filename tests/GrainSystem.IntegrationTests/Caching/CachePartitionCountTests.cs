using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>A Redis whose cluster already recorded 16 partitions, and no running silo: a wrong-N silo joins nothing.</summary>
public sealed class CachePartitionCountTests : IAsyncLifetime
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
        _silo = ServiceProcess.StartHost("wrong-partitions", "GrainSystem.Silo", [],
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__Redis"] = _redis.ConnectionString,
                ["Orleans__ClusterId"] = _clusterId,
                ["Orleans__ServiceId"] = ServiceId,
                ["Orleans__SiloPort"] = FreePort.Next().ToString(),
                ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
                ["Cache__Partitions"] = "32",
                ["DOTNET_ENVIRONMENT"] = "Production",
            });

        // The log is written by the output readers, which may finish a moment after the process exited.
        await Poll.UntilAsync(() => _silo.HasExited && _silo.ReadLog().Contains("Unhandled exception", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the misconfigured silo to exit with its reason");
        var log = _silo.ReadLog();
        Assert.Contains("Cache:Partitions", log, StringComparison.Ordinal);
        Assert.Contains("Cache__Partitions=16", log, StringComparison.Ordinal);

        // Refused before joining: the membership table never listed it (not even as dead).
        var members = await _redis.Database.HashGetAllAsync($"{ServiceId}/members/{_clusterId}");
        Assert.DoesNotContain(members, m => m.Value.ToString().Contains("\"Status\"", StringComparison.Ordinal));
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// With Redis, a silo starts only on cache data it can read: each key one string (<see cref="CacheEntry.Stored"/>), recorded
/// as layout 2 at <c>{serviceId}:cache-meta:layout</c> by the first silo. A Redis that holds entries of the earlier layout (a
/// hash per key, written by an earlier version) is refused with a message saying how to migrate; reading those as strings
/// would fail every such key. Runs in the silo lifecycle before the silo joins the cluster.
/// </summary>
internal sealed partial class CacheLayoutGuard(IConnectionMultiplexer redis, IOptions<ClusterOptions> cluster, ILogger<CacheLayoutGuard> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public const string Layout = "2";

    public static string KeyOf(string serviceId) => $"{serviceId}:cache-meta:layout";

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CacheLayoutGuard), ServiceLifecycleStage.RuntimeInitialize, CheckAsync);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var serviceId = cluster.Value.ServiceId;
        var key = KeyOf(serviceId);
        var database = redis.GetDatabase();
        var recorded = await database.StringGetAsync(key).WaitAsync(cancellationToken);
        if (recorded == Layout)
        {
            return;
        }

        var pattern = $"{serviceId}:cache:*";
        var earlier = recorded.HasValue ? null : await FindEarlierEntryAsync(pattern, cancellationToken);
        if (recorded.HasValue || earlier is not null)
        {
            var endpoint = redis.GetEndPoints()[0];
            var found = recorded.HasValue ? $"layout '{recorded}' recorded at '{key}'" : $"entries of the earlier layout (a hash per key, such as '{earlier}')";
            var message = $"Redis holds cache data this version cannot read: {found}; this version stores one string per key (layout {Layout}). " +
                "To migrate, stop every silo of the earlier version, then delete the earlier cache entries (they are a cache: their values " +
                "are lost, and versions keep growing, since the counters live elsewhere), e.g. " +
                $"redis-cli -h <host> -p <port> --scan --pattern '{pattern}' | xargs -r -n 500 redis-cli -h <host> -p <port> del " +
                $"(this Redis: {endpoint}), and start again; or give the new cluster another Orleans__ServiceId.";
            LogRefused(logger, found);
            throw new InvalidOperationException(message);
        }

        await database.StringSetAsync(key, Layout, when: When.NotExists).WaitAsync(cancellationToken);
    }

    /// <summary>The first earlier-layout entry (a hash under the cache's prefix), or null; scans once, before the layout is recorded.</summary>
    private async Task<string?> FindEarlierEntryAsync(string pattern, CancellationToken cancellationToken)
    {
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica)
            {
                continue;
            }

            var cursor = 0L;
            do
            {
                var reply = (RedisResult[])(await server.ExecuteAsync("SCAN", cursor, "MATCH", pattern, "COUNT", 1000, "TYPE", "hash").WaitAsync(cancellationToken))!;
                cursor = long.Parse((string)reply[0]!, System.Globalization.CultureInfo.InvariantCulture);
                if (((RedisResult[])reply[1]!).FirstOrDefault() is { } hit)
                {
                    return (string?)hit;
                }
            }
            while (cursor != 0);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to start: Redis holds cache data of another layout ({Found})")]
    private static partial void LogRefused(ILogger logger, string found);
}

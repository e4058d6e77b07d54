using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// With Redis, the partition count is part of the cluster's identity: the first silo records it at
/// <c>{serviceId}:cache-meta:partitions</c> (outside the cache's own keys, <c>{serviceId}:cache:{key}</c>), and a
/// silo configured with another count refuses to start (keys would silently move between partitions). The check
/// runs in the silo lifecycle before the silo joins the cluster, so a misconfigured silo never becomes active.
/// </summary>
internal sealed partial class CachePartitionCountGuard(
    IConnectionMultiplexer redis, IOptions<CacheOptions> options, IOptions<ClusterOptions> cluster, ILogger<CachePartitionCountGuard> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public static string KeyOf(string serviceId) => $"{serviceId}:cache-meta:partitions";

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CachePartitionCountGuard), ServiceLifecycleStage.RuntimeInitialize, CheckAsync);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.Partitions;
        var key = KeyOf(cluster.Value.ServiceId);
        var database = redis.GetDatabase();
        await database.StringSetAsync(key, configured, when: When.NotExists).WaitAsync(cancellationToken);
        var recorded = (int)await database.StringGetAsync(key).WaitAsync(cancellationToken);
        if (recorded != configured)
        {
            var message = $"Cache:Partitions (Cache__Partitions) is {configured}, but this cluster (service id " +
                $"'{cluster.Value.ServiceId}') was created with {recorded} partitions, recorded in Redis at '{key}'. " +
                $"The partition count is fixed for a cluster: set Cache__Partitions={recorded}.";
            LogRefused(logger, configured, recorded);
            throw new OptionsValidationException(nameof(CacheOptions.Partitions), typeof(CacheOptions), [message]);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to start: Cache:Partitions is {Configured} but the cluster has {Recorded}")]
    private static partial void LogRefused(ILogger logger, int configured, int recorded);
}

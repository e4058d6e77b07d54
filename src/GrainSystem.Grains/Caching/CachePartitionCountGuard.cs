using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// With Redis, the partition count is part of the cluster's identity: the first silo records it at
/// <c>{serviceId}:cache:partitions</c>, and a silo configured with another count refuses to start (keys would
/// silently move between partitions).
/// </summary>
internal sealed partial class CachePartitionCountGuard(
    IConnectionMultiplexer redis, IOptions<CacheOptions> options, IOptions<ClusterOptions> cluster, ILogger<CachePartitionCountGuard> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.Partitions;
        var key = $"{cluster.Value.ServiceId}:cache:partitions";
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to start: Cache:Partitions is {Configured} but the cluster has {Recorded}")]
    private static partial void LogRefused(ILogger logger, int configured, int recorded);
}

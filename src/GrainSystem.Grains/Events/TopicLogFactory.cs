using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Storage;
using StackExchange.Redis;

namespace GrainSystem.Grains.Events;

/// <summary>Where topics retain their events: a Redis Stream per topic with the Redis backend, grain storage segments otherwise.</summary>
internal sealed class TopicLogFactory(StorageBackend backend, IServiceProvider services, IOptions<EventsOptions> options, IOptions<ClusterOptions> cluster)
{
    public ITopicLog Create(string topic, GrainId grainId)
    {
        var retain = options.Value.RetainPerTopic;
        if (backend.IsRedis)
        {
            var redis = services.GetRequiredService<IConnectionMultiplexer>();
            return new RedisStreamTopicLog(redis.GetDatabase(), cluster.Value.ServiceId, topic, retain);
        }

        var storage = services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        return new SegmentedTopicLog(storage, grainId, topic, retain, services.GetRequiredService<ILogger<SegmentedTopicLog>>());
    }
}

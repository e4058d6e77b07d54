using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Storage;
using StackExchange.Redis;

namespace GrainSystem.Grains.Events;

/// <summary>Chooses where topics retain their events: Redis Streams when the silo has Redis, grain storage segments otherwise.</summary>
internal sealed class TopicLogFactory(IServiceProvider services, IOptions<EventsOptions> options, IOptions<ClusterOptions> cluster)
{
    private readonly IConnectionMultiplexer? _redis = services.GetService<IConnectionMultiplexer>();

    public ITopicLog Create(string topic, GrainId grainId)
    {
        var retain = options.Value.RetainPerTopic;
        if (_redis is not null)
        {
            return new RedisStreamTopicLog(_redis.GetDatabase(), cluster.Value.ServiceId, topic, retain);
        }

        var storage = services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        return new SegmentedTopicLog(storage, grainId, topic, retain,
            services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SegmentedTopicLog>>());
    }
}

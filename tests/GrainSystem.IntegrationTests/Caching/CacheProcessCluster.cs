using GrainSystem.Abstractions.Caching;
using GrainSystem.IntegrationTests.Hosting;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>Two silos on Redis with write-through, 16 partitions and a 1 MiB cache budget per silo (so eviction is easy to reach).</summary>
public sealed class CacheProcessCluster : ProcessCluster
{
    public const int PartitionCount = 16;

    public CacheProcessCluster()
    {
        Settings["Cache__Partitions"] = PartitionCount.ToString();
        Settings["Cache__MaxMemoryMB"] = "1";
    }

    /// <summary>The partition grain that owns <paramref name="key"/>.</summary>
    public ICacheGrain GrainFor(string key) => Client.GetGrain<ICacheGrain>(CachePartitioner.PartitionOf(key, PartitionCount));

    public string RedisKeyOf(string key) => $"{ServiceId}:cache:{key}";
}

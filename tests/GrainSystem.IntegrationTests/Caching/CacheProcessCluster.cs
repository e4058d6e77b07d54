using GrainSystem.Abstractions.Caching;
using GrainSystem.Client.Caching;
using GrainSystem.IntegrationTests.Hosting;
using Microsoft.Extensions.Options;

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

    public CachePartitions Partitions => new(Client, Options.Create(new CacheOptions { Partitions = PartitionCount }));

    public string RedisKeyOf(string key) => $"{ServiceId}:cache:{key}";
}

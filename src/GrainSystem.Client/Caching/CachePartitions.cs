using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Options;

namespace GrainSystem.Client.Caching;

/// <summary>Finds the partition grain of a key, with the same <see cref="CachePartitioner"/> as the silos.</summary>
public sealed class CachePartitions(IGrainFactory grains, IOptions<CacheOptions> options)
{
    public CachePartitioner Partitioner { get; } = new(options.Value.Partitions);

    public ICacheGrain GrainFor(string key) => grains.GetGrain<ICacheGrain>(Partitioner.PartitionOf(key));
}

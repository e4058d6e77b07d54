using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Options;

namespace GrainSystem.Client.Caching;

/// <summary>Finds the partition grain of a key, with the same <see cref="CachePartitioner"/> as the silos.</summary>
public sealed class CachePartitions(IGrainFactory grains, IOptions<CacheOptions> options)
{
    // Grain references are immutable and thread-safe: one per partition, made on first use.
    private readonly ICacheGrain?[] _grains = new ICacheGrain?[options.Value.Partitions];

    public CachePartitioner Partitioner { get; } = new(options.Value.Partitions);

    public ICacheGrain GrainFor(string key)
    {
        var partition = Partitioner.PartitionOf(key);
        return _grains[partition] ??= grains.GetGrain<ICacheGrain>(partition);
    }
}

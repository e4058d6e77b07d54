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

    /// <summary>
    /// Reads <paramref name="key"/> or takes its fill lease; while another caller fills it, waits for the value
    /// or the lease, at most <paramref name="maxWait"/> in all (each grain call waits a bounded time below the
    /// response timeout). Returns <see cref="CacheReadStatus.FillPending"/> when <paramref name="maxWait"/> passed.
    /// </summary>
    public async Task<CacheReadResult> ReadOrLeaseAsync(string key, TimeSpan lease, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var grain = GrainFor(key);
        var started = Environment.TickCount64;
        var budgetMs = maxWait == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)maxWait.TotalMilliseconds;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remainingMs = budgetMs == long.MaxValue ? long.MaxValue : budgetMs - (Environment.TickCount64 - started);
            var read = await grain.GetOrLease(key, lease, TimeSpan.FromMilliseconds(Math.Clamp(remainingMs, 0, int.MaxValue)))
                .WaitAsync(cancellationToken);
            if (read.Status != CacheReadStatus.FillPending || remainingMs <= 0)
            {
                return read;
            }
        }
    }
}

using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Options;

namespace GrainSystem.Client.Caching;

/// <summary>
/// The <see cref="ICacheClient"/> of an Orleans client or a co-hosted silo. Co-hosted, a hot read of a partition active in this
/// process is answered from its memory without a grain call (<see cref="ICacheLocalReads"/>); everything else is a grain call.
/// </summary>
public sealed class CacheClient(IGrainFactory grains, IOptions<CacheOptions> options, ICacheLocalReads? localReads = null) : ICacheClient
{
    // Grain references are immutable and thread-safe: one per partition, made on first use.
    private readonly ICacheGrain?[] _grains = new ICacheGrain?[options.Value.Partitions];

    /// <inheritdoc />
    public CachePartitioner Partitioner { get; } = new(options.Value.Partitions);

    /// <inheritdoc />
    public ValueTask<CacheReadResult> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var partition = Partitioner.PartitionOf(key);
        return localReads is not null && localReads.TryRead(partition, key, out var hit)
            ? new(hit)
            : Wait(PartitionGrain(partition).Get(key), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CacheReadResult> GetOrLeaseAsync(string key, TimeSpan lease, TimeSpan maxWait,
        CancellationToken cancellationToken = default)
    {
        var grain = GrainFor(key);
        var started = Environment.TickCount64;
        var budgetMs = maxWait == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)maxWait.TotalMilliseconds;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Each grain call waits a bounded slice below the response timeout; the loop makes up the caller's wait.
            var remainingMs = budgetMs == long.MaxValue ? long.MaxValue : budgetMs - (Environment.TickCount64 - started);
            var read = await grain.GetOrLease(key, lease, TimeSpan.FromMilliseconds(Math.Clamp(remainingMs, 0, int.MaxValue)))
                .WaitAsync(cancellationToken);
            if (read.Status != CacheReadStatus.FillPending || remainingMs <= 0)
            {
                return read;
            }
        }
    }

    /// <inheritdoc />
    public Task ReleaseFillLeaseAsync(string key, string fillToken) => GrainFor(key).ReleaseLease(key, fillToken);

    /// <inheritdoc />
    public ValueTask<CacheWriteResult> SetAsync(string key, CacheSetRequest request, CancellationToken cancellationToken = default) =>
        Wait(GrainFor(key).Set(key, request), cancellationToken);

    /// <inheritdoc />
    public ValueTask<bool> RefreshAsync(string key, CancellationToken cancellationToken = default) =>
        Wait(GrainFor(key).Refresh(key), cancellationToken);

    /// <inheritdoc />
    public ValueTask<CacheDeleteResult> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        Wait(GrainFor(key).Delete(key, expectedVersion), cancellationToken);

    /// <inheritdoc />
    public ValueTask<CacheIncrementResult> IncrementAsync(string key, long delta, CancellationToken cancellationToken = default) =>
        Wait(GrainFor(key).Increment(key, delta), cancellationToken);

    /// <inheritdoc />
    public ValueTask<CacheIncrementResult> IncrementOnceAsync(string key, long delta, string idempotencyKey, CancellationToken cancellationToken = default) =>
        Wait(GrainFor(key).IncrementOnce(key, delta, idempotencyKey), cancellationToken);

    /// <inheritdoc />
    public ValueTask<CacheBatchResult> ExecuteAsync(CacheBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var keys = batch.Operations.Select(o => o.Key).Concat(batch.Watches.Select(w => w.Key));
        int? partition = null;
        foreach (var key in keys)
        {
            var of = Partitioner.PartitionOf(key);
            if (partition is { } first && first != of)
            {
                throw new ArgumentException($"The keys of a batch must share one partition; '{key}' is in partition {of}, not {first}.", nameof(batch));
            }

            partition = of;
        }

        return partition is { } p
            ? Wait(PartitionGrain(p).Execute(batch), cancellationToken)
            : new(new CacheBatchResult { Status = CacheBatchStatus.Executed });
    }

    /// <inheritdoc />
    public ValueTask<long> CountAsync(int partition, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, Partitioner.Partitions);
        return Wait(PartitionGrain(partition).Count(), cancellationToken);
    }

    private ICacheGrain PartitionGrain(int partition) => _grains[partition] ??= grains.GetGrain<ICacheGrain>(partition);

    private ICacheGrain GrainFor(string key) => PartitionGrain(Partitioner.PartitionOf(key));

    /// <summary>A grain call's result, or the caller's cancellation; no task is made for a call that answered at once or cannot be cancelled.</summary>
    private static ValueTask<T> Wait<T>(ValueTask<T> call, CancellationToken token) =>
        call.IsCompleted || !token.CanBeCanceled ? call : new(call.AsTask().WaitAsync(token));
}

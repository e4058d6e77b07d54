using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Options;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// The silo's <see cref="ICacheLocalReads"/>: each partition activated here attaches itself once it may serve and detaches
/// before it lets go of its entries. A read on another thread then goes through its store's lock
/// (<see cref="CacheEntryStore.TryReadShared"/>), the same lock every change of the store takes in the activation's turns, so
/// it sees every write acknowledged before it started; what it cannot answer alone (a miss, an expired or sliding entry, an
/// activation that may not serve) goes to the grain.
/// </summary>
public sealed class CacheLocalReads(IOptions<CacheOptions> options) : ICacheLocalReads
{
    private readonly Attached?[] _partitions = new Attached?[options.Value.Partitions];

    public bool TryRead(int partition, string key, out CacheReadResult result)
    {
        if ((uint)partition < (uint)_partitions.Length && Volatile.Read(ref _partitions[partition]) is { } attached
            && attached.Mode.ServesFromMemory)
        {
            var partitionState = attached.Partition;
            if (partitionState.Store.TryReadShared(key, partitionState.NowMs, out var entry))
            {
                partitionState.Metrics.Hit();
                result = CacheMode.HitResult(entry);
                return true;
            }
        }

        result = null!;
        return false;
    }

    /// <summary>Lets reads of this process reach <paramref name="partition"/>'s memory; returns the handle to detach with.</summary>
    internal object? Attach(CachePartition partition, CacheMode mode)
    {
        if ((uint)partition.Number >= (uint)_partitions.Length)
        {
            // A partition number past this silo's count (a client configured with more): its grain calls answer the error.
            return null;
        }

        var attached = new Attached(partition, mode);
        Volatile.Write(ref _partitions[partition.Number], attached);
        return attached;
    }

    /// <summary>Ends what <see cref="Attach"/> began, unless a newer activation of the partition attached since.</summary>
    internal void Detach(int partition, object handle) => Interlocked.CompareExchange(ref _partitions[partition], null, (Attached)handle);

    private sealed record Attached(CachePartition Partition, CacheMode Mode);
}

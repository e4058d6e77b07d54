using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Options;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// The cache memory of one silo (<c>Cache:MaxMemoryMB</c>), shared by all the partitions it hosts. Partitions
/// add and remove the bytes of their entries; a partition that finds the silo over budget evicts its own
/// least-recently-used entries.
/// </summary>
public sealed class CacheMemoryBudget(IOptions<CacheOptions> options)
{
    private long _bytes;
    private long _entries;

    public long LimitBytes { get; } = options.Value.MaxMemoryMB * 1024L * 1024L;

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Entries => Interlocked.Read(ref _entries);

    public bool IsOver => Bytes > LimitBytes;

    public void Add(long bytes, long entries)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _entries, entries);
    }
}

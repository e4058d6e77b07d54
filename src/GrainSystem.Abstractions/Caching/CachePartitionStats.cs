namespace GrainSystem.Abstractions.Caching;

/// <summary>Counts of one partition and of the memory budget of the silo hosting it.</summary>
[GenerateSerializer, Immutable]
public sealed record CachePartitionStats
{
    /// <summary>Entries held in memory by the partition.</summary>
    [Id(0)] public long Entries { get; init; }

    /// <summary>Bytes accounted to the partition's entries.</summary>
    [Id(1)] public long Bytes { get; init; }

    /// <summary>Bytes accounted on the hosting silo (all its partitions).</summary>
    [Id(2)] public long SiloBytes { get; init; }

    /// <summary>The hosting silo's budget in bytes (<c>Cache:MaxMemoryMB</c>).</summary>
    [Id(3)] public long SiloBudgetBytes { get; init; }

    /// <summary>The next version the partition will hand out.</summary>
    [Id(4)] public long NextVersion { get; init; }

    /// <summary>Callers waiting on this partition right now for another caller's fill.</summary>
    [Id(5)] public int FillWaiters { get; init; }
}

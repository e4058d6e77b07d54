namespace GrainSystem.Abstractions.Caching;

/// <summary>A batch's outcome, with one reply per operation when it ran.</summary>
[GenerateSerializer, Immutable]
public sealed record CacheBatchResult
{
    /// <summary>What happened.</summary>
    [Id(0)] public CacheBatchStatus Status { get; init; }

    /// <summary>With <see cref="CacheBatchStatus.Executed"/>: the replies, in the order of the operations; empty otherwise.</summary>
    [Id(1)] public CacheOperationResult[] Results { get; init; } = [];
}

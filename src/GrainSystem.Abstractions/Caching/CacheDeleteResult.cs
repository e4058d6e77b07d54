namespace GrainSystem.Abstractions.Caching;

/// <summary>A delete's outcome.</summary>
[GenerateSerializer, Immutable]
public sealed record CacheDeleteResult
{
    /// <summary>What happened.</summary>
    [Id(0)] public CacheDeleteStatus Status { get; init; }

    /// <summary>The entry's current version after a failed condition (0 when absent).</summary>
    [Id(1)] public long Version { get; init; }
}

namespace GrainSystem.Abstractions.Caching;

/// <summary>An increment's outcome, the counter's new value and version.</summary>
[GenerateSerializer, Immutable]
public sealed record CacheIncrementResult
{
    /// <summary>What happened.</summary>
    [Id(0)] public CacheIncrementStatus Status { get; init; }

    /// <summary>The counter's value after the increment.</summary>
    [Id(1)] public long Value { get; init; }

    /// <summary>The entry's version after the increment.</summary>
    [Id(2)] public long Version { get; init; }
}

namespace GrainSystem.Abstractions.Caching;

/// <summary>An increment's outcome, the counter's new value and version.</summary>
[GenerateSerializer, Immutable]
public sealed record CacheIncrementResult
{
    /// <summary>What happened.</summary>
    [Id(0)] public CacheIncrementStatus Status { get; init; }

    /// <summary>With <see cref="CacheIncrementStatus.Incremented"/>: the counter's value after the increment.</summary>
    [Id(1)] public long Value { get; init; }

    /// <summary>
    /// With <see cref="CacheIncrementStatus.Incremented"/>: the entry's version after the increment; with
    /// <see cref="CacheIncrementStatus.NotAnInteger"/> or <see cref="CacheIncrementStatus.Overflow"/>: its current version.
    /// </summary>
    [Id(2)] public long Version { get; init; }
}

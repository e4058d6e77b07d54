namespace GrainSystem.Abstractions.Caching;

/// <summary>When an entry expires: at an absolute time, after a sliding window without reads, or both (whichever comes first).</summary>
[GenerateSerializer, Immutable]
public sealed record CacheExpiration
{
    /// <summary>No expiry.</summary>
    public static readonly CacheExpiration None = new();

    /// <summary>Absolute expiry, or null.</summary>
    [Id(0)] public DateTimeOffset? AbsoluteExpiration { get; init; }

    /// <summary>Sliding window: the entry expires when not read for this long; null for none.</summary>
    [Id(1)] public TimeSpan? SlidingExpiration { get; init; }
}

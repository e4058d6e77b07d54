namespace GrainSystem.Abstractions.Caching;

/// <summary>A write's outcome and the version it produced.</summary>
[GenerateSerializer, Immutable]
public sealed record CacheWriteResult
{
    /// <summary>What happened.</summary>
    [Id(0)] public CacheWriteStatus Status { get; init; }

    /// <summary>The new version after a write; the current version (0 when absent) after a failed condition.</summary>
    [Id(1)] public long Version { get; init; }

    /// <summary>When the new entry expires, if it does.</summary>
    [Id(2)] public DateTimeOffset? ExpiresAt { get; init; }
}

namespace GrainSystem.Abstractions.Caching;

/// <summary>A read: the entry on a hit, or the fill lease granted on a miss.</summary>
[GenerateSerializer, Immutable]
public sealed record CacheReadResult
{
    /// <summary>A miss.</summary>
    public static readonly CacheReadResult Miss = new() { Status = CacheReadStatus.Miss };

    /// <summary>What happened.</summary>
    [Id(0)] public CacheReadStatus Status { get; init; }

    /// <summary>The value on a hit.</summary>
    [Id(1)] public byte[]? Value { get; init; }

    /// <summary>The value's media type on a hit.</summary>
    [Id(2)] public string? ContentType { get; init; }

    /// <summary>The entry's version on a hit (the HTTP ETag).</summary>
    [Id(3)] public long Version { get; init; }

    /// <summary>When the entry expires if nothing else happens (absolute or end of the sliding window).</summary>
    [Id(4)] public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The token that completes the fill lease, with <see cref="CacheReadStatus.FillLeaseGranted"/>.</summary>
    [Id(5)] public string? FillToken { get; init; }
}

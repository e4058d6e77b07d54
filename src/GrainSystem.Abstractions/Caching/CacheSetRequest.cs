namespace GrainSystem.Abstractions.Caching;

/// <summary>A write of one key's value.</summary>
[GenerateSerializer, Immutable]
public sealed record CacheSetRequest
{
    /// <summary>The value bytes (never changed after the call).</summary>
    [Id(0)] public required byte[] Value { get; init; }

    /// <summary>The value's media type, returned with reads.</summary>
    [Id(1)] public string ContentType { get; init; } = "application/octet-stream";

    /// <summary>When the entry expires.</summary>
    [Id(2)] public CacheExpiration Expiration { get; init; } = CacheExpiration.None;

    /// <summary>The condition the write is applied under.</summary>
    [Id(3)] public CacheWriteCondition Condition { get; init; }

    /// <summary>The version expected by <see cref="CacheWriteCondition.IfVersion"/>.</summary>
    [Id(4)] public long ExpectedVersion { get; init; }

    /// <summary>The fill token this write completes, if the writer holds a fill lease.</summary>
    [Id(5)] public string? FillToken { get; init; }
}

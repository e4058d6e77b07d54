namespace GrainSystem.Abstractions.Caching;

/// <summary>The reply to one operation of a <see cref="CacheBatch"/> (see <see cref="CacheOperationKind"/> for which field each kind fills).</summary>
[GenerateSerializer, Immutable]
public sealed record CacheOperationResult
{
    /// <summary>What happened.</summary>
    [Id(0)] public CacheOperationStatus Status { get; init; }

    /// <summary>
    /// A value reply: the value of <c>GET</c>, <c>GETDEL</c>, <c>GETEX</c>; the previous value (null when absent) of a <c>SET</c>
    /// with <see cref="CacheOperation.ReturnPrevious"/>, whatever its status.
    /// </summary>
    [Id(1)] public byte[]? Value { get; init; }

    /// <summary>An integer reply: new value, length, count (0/1), milliseconds, Unix milliseconds or version.</summary>
    [Id(2)] public long Number { get; init; }

    /// <summary>The key's version after the operation (0 when it is absent).</summary>
    [Id(3)] public long Version { get; init; }

    /// <summary>The stored media type, with a value reply.</summary>
    [Id(4)] public string? ContentType { get; init; }
}

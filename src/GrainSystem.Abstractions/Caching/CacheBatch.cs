namespace GrainSystem.Abstractions.Caching;

/// <summary>
/// Operations on keys of one partition, executed in one turn of the partition, atomically and in order (as Redis runs
/// <c>MULTI</c>…<c>EXEC</c>): no other operation of the partition sees a state between two of them, and with
/// write-through their writes reach Redis all together or not at all.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CacheBatch
{
    /// <summary>The most operations one batch may carry.</summary>
    public const int MaxOperations = 10_000;

    /// <summary>The operations, in order (never changed after the call).</summary>
    [Id(0)] public required CacheOperation[] Operations { get; init; }

    /// <summary>
    /// Preconditions checked before anything runs (<c>WATCH</c>): when a key is no longer at its version, nothing runs and the
    /// batch answers <see cref="CacheBatchStatus.Aborted"/>. A key created and deleted again in between is at version 0 once more.
    /// </summary>
    [Id(1)] public CacheWatch[] Watches { get; init; } = [];
}

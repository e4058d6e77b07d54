namespace GrainSystem.Abstractions.Jobs;

/// <summary>How one attempt of a chunk ended (expected failures are outcomes, not exceptions).</summary>
[GenerateSerializer]
public enum ChunkOutcomeKind
{
    /// <summary>The chunk's result is in <see cref="ChunkOutcome.ResultJson"/>.</summary>
    Succeeded = 0,

    /// <summary>A transient failure: the chunk may be retried.</summary>
    Failed = 1,

    /// <summary>A failure that a retry cannot fix (an item of the wrong type, an operation bug): the job fails.</summary>
    FailedPermanently = 2,

    /// <summary>The attempt stopped because the job was cancelled.</summary>
    Cancelled = 3,
}

/// <summary>The result of one attempt of one chunk.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="ResultJson">On success: a JSON array with one result per item, or the chunk's partial reduced value.</param>
/// <param name="Error">On failure: what went wrong.</param>
/// <param name="Silo">The silo that ran the attempt.</param>
[GenerateSerializer, Immutable]
public sealed record ChunkOutcome(
    [property: Id(0)] ChunkOutcomeKind Kind,
    [property: Id(1)] string? ResultJson,
    [property: Id(2)] string? Error,
    [property: Id(3)] string Silo);

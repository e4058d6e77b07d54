namespace GrainSystem.Abstractions.Caching;

/// <summary>Outcome of a <see cref="CacheBatch"/>.</summary>
public enum CacheBatchStatus
{
    /// <summary>Every operation ran; each one's reply is in <see cref="CacheBatchResult.Results"/>.</summary>
    Executed = 0,

    /// <summary>A watched key had moved on (<see cref="CacheBatch.Watches"/>); nothing ran.</summary>
    Aborted = 1,

    /// <summary>Refused: the partition could not reach its storage or no longer owns its keys; nothing changed. Retry.</summary>
    Unavailable = 2,

    /// <summary>The batch's writes were sent to Redis and may or may not have landed (all or none of them). Read before retrying.</summary>
    OutcomeUnknown = 3,
}

namespace GrainSystem.Abstractions.Caching;

/// <summary>Outcome of a cache delete.</summary>
public enum CacheDeleteStatus
{
    /// <summary>The entry was deleted.</summary>
    Deleted = 0,

    /// <summary>There was no entry.</summary>
    NotFound = 1,

    /// <summary>The entry is not at the expected version; nothing changed.</summary>
    PreconditionFailed = 2,

    /// <summary>Refused: the partition could not reach Redis or no longer owns its keys (write-through mode); nothing changed. Retry.</summary>
    Unavailable = 3,

    /// <summary>
    /// The delete was sent to Redis and may or may not have landed (it timed out or lost its connection). The partition
    /// settles it before its next write; read the key before retrying.
    /// </summary>
    OutcomeUnknown = 4,
}

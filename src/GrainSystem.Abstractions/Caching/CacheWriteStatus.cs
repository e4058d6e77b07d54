namespace GrainSystem.Abstractions.Caching;

/// <summary>Outcome of a cache write.</summary>
public enum CacheWriteStatus
{
    /// <summary>A new entry was stored.</summary>
    Created = 0,

    /// <summary>An existing entry was replaced.</summary>
    Replaced = 1,

    /// <summary>The condition did not hold; nothing changed.</summary>
    PreconditionFailed = 2,

    /// <summary>Refused: the partition could not reach Redis or no longer owns its keys (write-through mode); nothing changed. Retry.</summary>
    Unavailable = 3,

    /// <summary>
    /// The write was sent to Redis and may or may not have landed (it timed out or lost its connection). The partition
    /// settles it before its next write; read the key before retrying.
    /// </summary>
    OutcomeUnknown = 4,
}

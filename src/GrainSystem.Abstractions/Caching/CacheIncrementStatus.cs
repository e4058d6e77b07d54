namespace GrainSystem.Abstractions.Caching;

/// <summary>Outcome of an increment.</summary>
public enum CacheIncrementStatus
{
    /// <summary>The counter was changed.</summary>
    Incremented = 0,

    /// <summary>The stored value is not a decimal 64-bit integer; nothing changed.</summary>
    NotAnInteger = 1,

    /// <summary>The result would not fit a signed 64-bit integer; nothing changed.</summary>
    Overflow = 2,

    /// <summary>Refused: the partition could not reach Redis or no longer owns its keys (write-through mode); nothing changed. Retry.</summary>
    Unavailable = 3,

    /// <summary>
    /// The increment was sent to Redis and may or may not have landed (it timed out or lost its connection). The partition
    /// settles it before its next write; read the key before retrying.
    /// </summary>
    OutcomeUnknown = 4,

    /// <summary>The idempotency key was used before with another delta for this key (HTTP 422); nothing changed.</summary>
    IdempotencyKeyReused = 5,
}

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

    /// <summary>Redis did not apply the increment (write-through mode); nothing changed.</summary>
    Unavailable = 3,
}

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

    /// <summary>Redis did not store the write (write-through mode); nothing changed.</summary>
    Unavailable = 3,
}

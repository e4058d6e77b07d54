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

    /// <summary>Redis did not apply the delete (write-through mode); nothing changed.</summary>
    Unavailable = 3,
}

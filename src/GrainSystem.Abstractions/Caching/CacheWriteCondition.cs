namespace GrainSystem.Abstractions.Caching;

/// <summary>The condition a write or delete is applied under.</summary>
public enum CacheWriteCondition
{
    /// <summary>Unconditional.</summary>
    None = 0,

    /// <summary>Only when the entry is at the expected version (compare-and-set; HTTP <c>If-Match</c>).</summary>
    IfVersion = 1,

    /// <summary>Only when there is no entry (HTTP <c>If-None-Match: *</c>).</summary>
    IfAbsent = 2,
}

namespace GrainSystem.Grains.Caching;

/// <summary>What became of a group of writes sent to Redis.</summary>
internal enum CacheWriteOutcome
{
    /// <summary>Redis stored every write of the group.</summary>
    Applied = 0,

    /// <summary>The group's epoch is no longer its partition's: another activation owns the partition; nothing was written.</summary>
    Fenced = 1,

    /// <summary>Redis refused the call with an error reply before running it (out of memory, read-only…); nothing was written.</summary>
    Refused = 2,

    /// <summary>The call timed out or its connection failed after it was sent: the whole group may or may not have landed.</summary>
    Unknown = 3,
}

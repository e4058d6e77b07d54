namespace GrainSystem.Abstractions.Caching;

/// <summary>Outcome of a cache read.</summary>
public enum CacheReadStatus
{
    /// <summary>The entry was found.</summary>
    Hit = 0,

    /// <summary>No entry (absent or expired).</summary>
    Miss = 1,

    /// <summary>No entry, and the caller now holds the fill lease (<see cref="CacheReadResult.FillToken"/>).</summary>
    FillLeaseGranted = 2,

    /// <summary>No entry yet; another caller is filling it. Ask again (each wait is bounded by the call timeout).</summary>
    FillPending = 3,

    /// <summary>Redis could not be read (write-through mode); try again later.</summary>
    Unavailable = 4,
}

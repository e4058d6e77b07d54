namespace GrainSystem.Grains.Caching;

/// <summary>The states of a partition activation's <see cref="CacheOwnership"/>.</summary>
internal enum CacheOwnershipState
{
    /// <summary>Taking a new epoch and waiting out the predecessor's lease; nothing is served.</summary>
    Acquiring = 0,

    /// <summary>The partition is this activation's: writes are sent, reads served from memory while the lease stands.</summary>
    Owning = 1,

    /// <summary>A batch's outcome is unknown: reads go on, writes wait for a new epoch that settles it.</summary>
    Unsettled = 2,

    /// <summary>Another activation took the partition over: nothing more is served; the activation deactivates.</summary>
    Superseded = 3,

    /// <summary>Deactivating: the lease marker was ended for the successor.</summary>
    Released = 4,
}

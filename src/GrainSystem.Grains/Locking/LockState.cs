namespace GrainSystem.Grains.Locking;

/// <summary>
/// What a lock persists: the fencing counter (which must never go back) and the current grant. The owner token
/// itself is not stored, only its SHA-256, so reading the storage does not let anyone take the lock over.
/// </summary>
[GenerateSerializer]
internal sealed class LockState
{
    /// <summary>Shape of this class as stored; bump when it changes incompatibly.</summary>
    [Id(0)]
    public int Version { get; set; } = 1;

    /// <summary>The largest fencing token ever granted (0 = never granted).</summary>
    [Id(1)]
    public long LastFencingToken { get; set; }

    /// <summary>The current grant; a grant whose lease has ended counts as no grant.</summary>
    [Id(2)]
    public LockHolderState? Holder { get; set; }
}

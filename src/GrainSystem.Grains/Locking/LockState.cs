namespace GrainSystem.Grains.Locking;

/// <summary>
/// What a lock persists: the fencing counter (which must never go back), the current grant, and the grants made under
/// an <c>Idempotency-Key</c> while their retention lasts. The owner token itself is not stored, only its SHA-256 and
/// the salt it is derived from with the waiter id (a secret of the caller), so reading the storage does not let anyone
/// take the lock over.
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

    /// <summary>Grants made under an <c>Idempotency-Key</c>, newest last, each kept until its <see cref="LockHolderState.RememberUntil"/>.</summary>
    [Id(3)]
    public List<LockHolderState> Remembered { get; set; } = [];
}

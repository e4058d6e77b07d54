namespace GrainSystem.Grains.Caching;

/// <summary>
/// The writes of one partition that must land together (one key's write, or a batch's changes), fenced by the partition's
/// epoch as its activation knew it, and the outcome they get. A group is never split between two Redis calls.
/// No RunContinuationsAsynchronously: the awaiting grain code resumes on its activation's scheduler anyway, so completing
/// from the flusher only queues it there.
/// </summary>
internal sealed class CacheWriteGroup(int partition, long epoch, CacheStoredWrite[] writes) : TaskCompletionSource<CacheWriteOutcome>
{
    private bool[]? _existed;

    public int Partition { get; } = partition;

    public long Epoch { get; } = epoch;

    public CacheStoredWrite[] Writes { get; } = writes;

    /// <summary>Whether the probed write at <paramref name="index"/> found a live entry before it (false for writes without a probe).</summary>
    public bool ExistedBefore(int index) => _existed?[index] ?? false;

    internal void SetExisted(int index, bool existed) => (_existed ??= new bool[Writes.Length])[index] = existed;
}

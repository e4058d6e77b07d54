using Orleans.Storage;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// A partition's version counter, hi/lo: blocks of <see cref="BlockSize"/> versions are reserved in grain storage
/// (Redis in cluster mode, with its ETag check) before any of them is handed out, so a restarted or duplicate
/// activation starts above every version the partition ever used. Used only on the owning activation's turns.
/// </summary>
internal sealed class CacheVersionCounter(IPersistentState<CacheVersionState> state)
{
    public const long BlockSize = 10_000;

    private long _next = 1;
    private long _last; // highest reserved version; nothing is handed out until a block is reserved
    private Task? _reserving;

    public long Peek => _next;

    /// <summary>Versions left in the current block, to be taken without waiting.</summary>
    public long Available => _last - _next + 1;

    /// <summary>The next version without waiting, when the current block has one.</summary>
    public bool TryNext(out long version)
    {
        if (_next <= _last)
        {
            version = _next++;
            return true;
        }

        version = 0;
        return false;
    }

    /// <summary>
    /// The next version; reserves a new block first when needed. The caller must use the version on the same
    /// turn this returns on, so that versions are applied in the order they were handed out.
    /// </summary>
    public async ValueTask<long> NextAsync()
    {
        while (true)
        {
            if (TryNext(out var version))
            {
                return version;
            }

            await Reserve(atLeast: 0);
        }
    }

    /// <summary>
    /// Makes sure the current block holds at least <paramref name="count"/> (at most <see cref="BlockSize"/>) versions, so
    /// that a batch can take them all in one turn with <see cref="TryNext"/>; a new block skips the rest of the old one.
    /// </summary>
    public async ValueTask EnsureAvailableAsync(int count)
    {
        while (Available < count)
        {
            await Reserve(atLeast: 0);
        }
    }

    /// <summary>Reserves a new block (or joins the reservation in progress).</summary>
    public Task ReserveAsync() => Reserve(atLeast: 0);

    /// <summary>Moves the counter above <paramref name="seen"/>, a version some other activation already used.</summary>
    public async Task SkipPastAsync(long seen)
    {
        // A reservation already in progress may stop below seen: then reserve again until above it.
        while (_next <= seen || _last <= seen)
        {
            await Reserve(atLeast: seen);
        }
    }

    // One reservation at a time; callers arriving meanwhile (interleaved turns) await the same one.
    private Task Reserve(long atLeast)
    {
        if (_reserving is null || _reserving.IsCompleted)
        {
            _reserving = ReserveAsync(atLeast);
        }

        return _reserving;
    }

    private async Task ReserveAsync(long atLeast)
    {
        for (var attempt = 0; ; attempt++)
        {
            var from = Math.Max(state.State.Reserved, atLeast);
            state.State.Reserved = from + BlockSize;
            try
            {
                await state.WriteStateAsync();
                _next = Math.Max(_next, from + 1);
                _last = state.State.Reserved;
                return;
            }
            catch (InconsistentStateException) when (attempt < 3)
            {
                // Another activation of this partition reserved meanwhile: read its reservation and go above it.
                await state.ReadStateAsync();
            }
        }
    }
}

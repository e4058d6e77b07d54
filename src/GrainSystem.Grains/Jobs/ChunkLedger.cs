namespace GrainSystem.Grains.Jobs;

/// <summary>
/// The job's chunks in this activation's memory: each one's items until its result is recorded, its result, and its
/// attempts; with the tallies derived from them. A recorded chunk is never sent again, so its item text is released
/// (the spec is written once, at submission, so this changes only memory) and a finished job holds no items at all.
/// </summary>
internal sealed class ChunkLedger
{
    private readonly Dictionary<string, int> _perSilo = new(StringComparer.Ordinal);
    private List<string> _items = [];
    private string?[] _results = [];
    private int[] _attempts = [];
    private string? _assembled;

    /// <summary>Chunks in the job.</summary>
    public int Count => _results.Length;

    /// <summary>Chunks whose result is recorded.</summary>
    public int Completed { get; private set; }

    /// <summary>Attempts beyond the first, over all chunks.</summary>
    public int Retries { get; private set; }

    /// <summary>The results already in the result log are known here (loaded, or there were none: a new job).</summary>
    public bool IsLoaded { get; private set; }

    /// <summary>Every chunk's result is recorded.</summary>
    public bool AllRecorded => Completed >= _results.Length;

    /// <summary>Chunks recorded per silo that ran them, since this activation.</summary>
    public IReadOnlyDictionary<string, int> PerSilo => _perSilo;

    /// <summary>Sizes the ledger for a job whose chunks' items are <paramref name="items"/> (the spec's own list).</summary>
    public void Prepare(List<string> items)
    {
        _items = items;
        _results = new string?[items.Count];
        _attempts = new int[items.Count];
        IsLoaded = false;
    }

    /// <summary>Records the chunks the result log holds; a chunk recorded twice (at-least-once) keeps its first result.</summary>
    public void Restore(IEnumerable<ChunkResultEntry> recorded)
    {
        foreach (var entry in recorded)
        {
            if (entry.Chunk < 0 || entry.Chunk >= _results.Length || _results[entry.Chunk] is not null)
            {
                continue;
            }

            _results[entry.Chunk] = entry.Result;
            _items[entry.Chunk] = "";
            _attempts[entry.Chunk] = entry.Attempts;
            Retries += Math.Max(0, entry.Attempts - 1);
            Completed++;
        }

        IsLoaded = true;
    }

    public bool IsRecorded(int chunk) => _results[chunk] is not null;

    /// <summary>Chunks without a recorded result, in order.</summary>
    public IEnumerable<int> Unrecorded()
    {
        for (var chunk = 0; chunk < _results.Length; chunk++)
        {
            if (_results[chunk] is null)
            {
                yield return chunk;
            }
        }
    }

    /// <summary>The chunk's items as a JSON array text (empty once recorded).</summary>
    public string ItemsOf(int chunk) => _items[chunk];

    /// <summary>Counts and returns the chunk's next attempt (1-based).</summary>
    public int NextAttempt(int chunk) => ++_attempts[chunk];

    /// <summary>Gives back the chunk's last attempt: it was lost with its silo, not at fault.</summary>
    public void GiveBackAttempt(int chunk) => _attempts[chunk]--;

    public int AttemptsOf(int chunk) => _attempts[chunk];

    /// <summary>Continues the chunk's attempts from <paramref name="lastFailed"/> (a resumed job).</summary>
    public void ContinueAttemptsFrom(int chunk, int lastFailed) => _attempts[chunk] = lastFailed;

    public void CountRetry() => Retries++;

    /// <summary>Records the chunk's result, run on <paramref name="silo"/>, and returns the entry to write to the result log.</summary>
    public ChunkResultEntry Record(int chunk, int attempt, string result, string silo)
    {
        _results[chunk] = result;
        _items[chunk] = "";
        Completed++;
        _perSilo[silo] = _perSilo.GetValueOrDefault(silo) + 1;
        return new ChunkResultEntry { Chunk = chunk, Attempts = attempt, Result = result };
    }

    /// <summary>
    /// The job's result from every chunk's (see <see cref="JobResultAssembly"/>), assembled once: the assembled text
    /// replaces the per-chunk texts, which a completed job never needs again.
    /// </summary>
    public string Assemble(Operations.IChunkOperation operation)
    {
        if (_assembled is null)
        {
            _assembled = JobResultAssembly.Assemble(operation, _results);
            Array.Clear(_results);
        }

        return _assembled;
    }
}

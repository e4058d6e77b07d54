using Orleans.Storage;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// The finished chunks of one job, persisted append-only as numbered batches (<c>results-0</c>, <c>results-1</c>, …)
/// through the grain storage provider, beside the job's own states. Each write carries only the chunks that finished
/// since the previous write, so a job's storage bytes grow linearly with its results (no rewrite of what is already
/// stored), and a batch is written with no ETag, so a duplicate activation of the job writing the same batch number
/// gets a conflict instead of overwriting.
/// </summary>
public sealed class JobResultLog(IGrainStorage storage, GrainId job)
{
    private const string Prefix = "results-";

    /// <summary>Number of the next batch to write.</summary>
    public int NextBatch { get; private set; }

    /// <summary>Batches read at once while loading.</summary>
    public const int ReadPage = 16;

    /// <summary>
    /// Reads every batch (in order, until the first missing one), <see cref="ReadPage"/> batches at a time in
    /// parallel, and positions the log after the last.
    /// </summary>
    public async Task<List<ChunkResultEntry>> LoadAsync()
    {
        var entries = new List<ChunkResultEntry>();
        var batch = 0;
        while (true)
        {
            var page = await Task.WhenAll(Enumerable.Range(batch, ReadPage).Select(async n =>
            {
                var state = new GrainState<ChunkResultBatch>();
                await storage.ReadStateAsync(Prefix + n, job, state);
                return state;
            }));
            foreach (var state in page)
            {
                if (!state.RecordExists)
                {
                    NextBatch = batch;
                    return entries;
                }

                entries.AddRange(state.State?.Chunks ?? []);
                batch++;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="entries"/> as the next batch. When the batch already exists it is read back: if it holds
    /// exactly these chunks, an earlier attempt of this very append landed (its answer was lost, e.g. to a timeout) and
    /// the log moves on; otherwise another activation wrote it and <see cref="InconsistentStateException"/> is thrown.
    /// </summary>
    public async Task AppendAsync(List<ChunkResultEntry> entries)
    {
        var name = Prefix + NextBatch;
        var state = new GrainState<ChunkResultBatch>(new ChunkResultBatch { Chunks = entries });
        try
        {
            await storage.WriteStateAsync(name, job, state);
        }
        catch (InconsistentStateException)
        {
            var stored = new GrainState<ChunkResultBatch>();
            await storage.ReadStateAsync(name, job, stored);
            if (!stored.RecordExists || stored.State?.Chunks is not { } chunks
                || !chunks.Select(c => c.Chunk).SequenceEqual(entries.Select(e => e.Chunk)))
            {
                throw;
            }
        }

        NextBatch++;
    }

    /// <summary>
    /// Deletes every batch, the newest first, so a deletion that fails half-way leaves batches 0…k, found again by the
    /// next attempt (and by <see cref="LoadAsync"/>).
    /// </summary>
    public async Task ClearAsync()
    {
        var stored = new List<(string Name, GrainState<ChunkResultBatch> State)>();
        while (true)
        {
            var state = new GrainState<ChunkResultBatch>();
            var name = Prefix + stored.Count;
            await storage.ReadStateAsync(name, job, state);
            if (!state.RecordExists)
            {
                break;
            }

            stored.Add((name, state));
        }

        for (var i = stored.Count - 1; i >= 0; i--)
        {
            await storage.ClearStateAsync(stored[i].Name, job, stored[i].State);
        }

        NextBatch = 0;
    }
}

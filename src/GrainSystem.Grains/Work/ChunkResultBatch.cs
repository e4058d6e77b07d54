namespace GrainSystem.Grains.Work;

/// <summary>One append to a job's result log (state <c>results-{n}</c>): chunks that finished since the previous append.</summary>
public sealed class ChunkResultBatch
{
    public int Version { get; set; } = 1;

    public List<ChunkResultEntry> Chunks { get; set; } = [];
}

/// <summary>A finished chunk: its result (a JSON array of per-item results, or a partial reduced value).</summary>
public sealed class ChunkResultEntry
{
    public int Chunk { get; set; }

    public int Attempts { get; set; }

    public string Result { get; set; } = "";
}

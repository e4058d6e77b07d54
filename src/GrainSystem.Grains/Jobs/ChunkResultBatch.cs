namespace GrainSystem.Grains.Jobs;

/// <summary>One append to a job's result log (state <c>results-{n}</c>): chunks that finished since the previous append.</summary>
public sealed class ChunkResultBatch
{
    public int Version { get; set; } = 1;

    public List<ChunkResultEntry> Chunks { get; set; } = [];
}

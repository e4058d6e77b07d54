namespace GrainSystem.Grains.Jobs;

/// <summary>A finished chunk: its result (a JSON array of per-item results, or a partial reduced value).</summary>
public sealed class ChunkResultEntry
{
    public int Chunk { get; set; }

    public int Attempts { get; set; }

    public string Result { get; set; } = "";
}

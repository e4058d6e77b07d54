namespace GrainSystem.Grains.Jobs;

/// <summary>
/// A job's spec, written once when it is accepted (state <c>spec</c>). Items are kept already cut into chunks, each
/// chunk a JSON array text, so a resumed job sends exactly the chunks it sent before.
/// </summary>
public sealed class JobSpecState
{
    public int Version { get; set; } = 1;

    public string Operation { get; set; } = "";

    public string ArgsJson { get; set; } = "{}";

    public List<string> Chunks { get; set; } = [];

    public int TotalItems { get; set; }

    public int ChunkSize { get; set; }

    public int MaxParallelism { get; set; }

    public int MaxAttempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The fingerprint of the submission made under an <c>Idempotency-Key</c> (<see cref="Abstractions.Jobs.JobSpec.RequestHash"/>); null otherwise.</summary>
    public string? RequestHash { get; set; }
}

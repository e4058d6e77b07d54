namespace GrainSystem.Grains.Jobs.Operations;

/// <summary>One attempt of one chunk of a test operation.</summary>
public sealed class ChunkRun(string jobId, int chunk, int attempt, string silo, DateTimeOffset startedAt)
{
    public string JobId { get; } = jobId;

    public int Chunk { get; } = chunk;

    public int Attempt { get; } = attempt;

    public string Silo { get; } = silo;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary><c>completed</c>, <c>failed</c> or <c>cancelled</c> once ended.</summary>
    public string? Outcome { get; private set; }

    public void End(string outcome)
    {
        Outcome = outcome;
        EndedAt = DateTimeOffset.UtcNow;
    }
}

namespace GrainSystem.Client.Jobs;

/// <summary>Sizes of a job submitted through <see cref="JobClient"/> (the same defaults as <c>POST /jobs</c>).</summary>
public sealed record JobSubmitOptions
{
    public int ChunkSize { get; init; } = 100;

    public int MaxParallelism { get; init; } = 8;

    public int MaxAttempts { get; init; } = 3;
}

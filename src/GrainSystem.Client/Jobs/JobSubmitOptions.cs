using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Client.Jobs;

/// <summary>Sizes of a job submitted through <see cref="IJobClient"/> (the same defaults as <c>POST /jobs</c>).</summary>
public sealed record JobSubmitOptions
{
    /// <summary>Items per chunk, <see cref="JobLimits.MinChunkSize"/> … <see cref="JobLimits.MaxChunkSize"/>.</summary>
    public int ChunkSize { get; init; } = 100;

    /// <summary>Most chunks in flight at once, 1 … <see cref="JobLimits.MaxParallelism"/>.</summary>
    public int MaxParallelism { get; init; } = 8;

    /// <summary>Attempts per chunk before the job fails, 1 … <see cref="JobLimits.MaxAttempts"/>.</summary>
    public int MaxAttempts { get; init; } = 3;
}

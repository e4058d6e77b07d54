namespace GrainSystem.Abstractions.Jobs;

/// <summary>A job's description and progress, as <c>GET /jobs/{id}</c> shows it.</summary>
[GenerateSerializer, Immutable]
public sealed record JobInfo
{
    /// <summary>The job id.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The operation's name.</summary>
    [Id(1)] public required string Operation { get; init; }

    /// <summary>The current state.</summary>
    [Id(2)] public required JobState State { get; init; }

    /// <summary>Items in the job.</summary>
    [Id(3)] public required int TotalItems { get; init; }

    /// <summary>Chunks the items were cut into.</summary>
    [Id(4)] public required int TotalChunks { get; init; }

    /// <summary>Chunks whose result is recorded.</summary>
    [Id(5)] public required int CompletedChunks { get; init; }

    /// <summary>Chunks that failed for good (exhausted attempts or a permanent error).</summary>
    [Id(6)] public required int FailedChunks { get; init; }

    /// <summary>Chunks sent to a worker and not answered yet.</summary>
    [Id(7)] public required int RunningChunks { get; init; }

    /// <summary>Attempts beyond the first, over all chunks.</summary>
    [Id(8)] public required int Retries { get; init; }

    /// <summary>Recent chunk errors, oldest first (at most <see cref="JobLimits.MaxErrorsKept"/>).</summary>
    [Id(9)] public required IReadOnlyList<ChunkError> Errors { get; init; }

    /// <summary>When the job was accepted.</summary>
    [Id(10)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the first chunk was dispatched.</summary>
    [Id(11)] public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the job reached Completed, Failed or Cancelled.</summary>
    [Id(12)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Completed chunks per silo that ran them, since this activation of the job (diagnostics).</summary>
    [Id(13)] public required IReadOnlyDictionary<string, int> ChunksPerSilo { get; init; }
}

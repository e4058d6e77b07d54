using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// A job's durable record (state <c>job</c>): the persisted projection of its <see cref="JobRun"/> (state, times,
/// expired mark) with its tallies, errors and attempt counts. Small, and written on transitions and chunk failures,
/// never per finished chunk: finished chunks are recorded in the result log instead. Its JSON shape is what stored
/// jobs hold, so its property names do not change.
/// </summary>
public sealed class JobProgressState
{
    public int Version { get; set; } = 1;

    public JobState State { get; set; } = JobState.Pending;

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int FailedChunks { get; set; }

    /// <summary>Completed chunks when the job finished (while running, the result log is the record).</summary>
    public int CompletedChunks { get; set; }

    /// <summary>Retries when the job finished.</summary>
    public int Retries { get; set; }

    public List<ChunkError> Errors { get; set; } = [];

    /// <summary>
    /// Failed attempts and losses of chunks that had any (usually none or few), so attempts stay bounded across
    /// failovers; written when a chunk fails, not per finished chunk.
    /// </summary>
    public Dictionary<int, ChunkAttemptCounts> Chunks { get; set; } = [];

    /// <summary>The job's retention ended and its data is being deleted: it answers as unknown from then on.</summary>
    public bool Expired { get; set; }
}

namespace GrainSystem.Abstractions.Jobs;

/// <summary>Where a job is in its life: <c>Pending → Running → Completed | Failed | Cancelled</c>.</summary>
[GenerateSerializer]
public enum JobState
{
    /// <summary>Accepted and persisted; no chunk dispatched yet.</summary>
    Pending = 0,

    /// <summary>Chunks are being dispatched to workers.</summary>
    Running = 1,

    /// <summary>Every chunk finished; results are available.</summary>
    Completed = 2,

    /// <summary>A chunk exhausted its attempts (or failed permanently); no further chunk is started.</summary>
    Failed = 3,

    /// <summary>Cancelled by a client; chunks not yet sent never run.</summary>
    Cancelled = 4,
}

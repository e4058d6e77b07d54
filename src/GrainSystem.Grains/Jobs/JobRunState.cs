namespace GrainSystem.Grains.Jobs;

/// <summary>Where one activation of a job is in the job's life; <see cref="JobRun"/> holds it and moves it.</summary>
public enum JobRunState
{
    /// <summary>No job here: the id is unknown, or its submission was refused.</summary>
    None,

    /// <summary>A submission is storing its resume reminder and its spec; nothing is accepted yet.</summary>
    Submitting,

    /// <summary>Stored (just accepted, or resumed before it started); dispatch starts on the next turn.</summary>
    Pending,

    /// <summary>Chunks are dispatched, retried and recorded.</summary>
    Running,

    /// <summary>Every chunk's result is recorded and written.</summary>
    Completed,

    /// <summary>A chunk failed for good; nothing more is sent.</summary>
    Failed,

    /// <summary>Cancelled by a client; nothing more is sent.</summary>
    Cancelled,

    /// <summary>The finished job's retention ended: its stored data is being deleted, and it answers as unknown.</summary>
    Expiring,

    /// <summary>The job's stored data is deleted: this activation leaves, and takes no new job under the id.</summary>
    Deleted,

    /// <summary>Another activation of the job wrote first: this one sends and writes nothing more, and leaves.</summary>
    Abandoned,
}

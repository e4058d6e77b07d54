namespace GrainSystem.Abstractions.Jobs;

/// <summary>How a cancellation ended (see <see cref="JobCancelResult"/>).</summary>
[GenerateSerializer]
public enum JobCancelStatus
{
    /// <summary>The job is now (or already was) Cancelled.</summary>
    Cancelled = 0,

    /// <summary>The job had already completed or failed; nothing changed.</summary>
    AlreadyFinished = 1,

    /// <summary>No job has this id.</summary>
    NotFound = 2,
}

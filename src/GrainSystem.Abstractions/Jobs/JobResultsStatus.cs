namespace GrainSystem.Abstractions.Jobs;

/// <summary>Whether a job's results could be given (see <see cref="JobResults"/>).</summary>
[GenerateSerializer]
public enum JobResultsStatus
{
    /// <summary>The job is <see cref="JobState.Completed"/>; its results are in <see cref="JobResults.Json"/>.</summary>
    Available = 0,

    /// <summary>The job is not <see cref="JobState.Completed"/> (yet, or ever: it failed or was cancelled).</summary>
    NotCompleted = 1,

    /// <summary>No job has this id.</summary>
    NotFound = 2,

    /// <summary>The job exists but its results cannot be given here (see <see cref="JobResults.Error"/>).</summary>
    Unavailable = 3,
}

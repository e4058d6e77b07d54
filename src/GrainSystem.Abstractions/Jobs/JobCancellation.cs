namespace GrainSystem.Abstractions.Jobs;

/// <summary>How a cancellation request ended.</summary>
[GenerateSerializer]
public enum JobCancellationOutcome
{
    /// <summary>The job is now (or already was) Cancelled.</summary>
    Cancelled = 0,

    /// <summary>The job had already completed or failed; nothing changed.</summary>
    AlreadyFinished = 1,

    /// <summary>No job has this id.</summary>
    NotFound = 2,
}

/// <summary>The answer to a cancellation.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="State">The job's state afterwards.</param>
[GenerateSerializer, Immutable]
public sealed record JobCancellation(
    [property: Id(0)] JobCancellationOutcome Outcome,
    [property: Id(1)] JobState State);

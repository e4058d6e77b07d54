namespace GrainSystem.Abstractions.Jobs;

/// <summary>How a submission ended.</summary>
[GenerateSerializer]
public enum JobSubmissionOutcome
{
    /// <summary>Persisted and scheduled.</summary>
    Accepted = 0,

    /// <summary>A job with this id already exists; nothing changed.</summary>
    AlreadyExists = 1,

    /// <summary>The operation is not registered; nothing changed.</summary>
    UnknownOperation = 2,

    /// <summary>A field is out of bounds or malformed; nothing changed.</summary>
    Invalid = 3,

    /// <summary>
    /// The job could not be made durable (its resume reminder or its spec could not be written); nothing was accepted
    /// and the submission may be retried.
    /// </summary>
    Unavailable = 4,
}

/// <summary>The answer to a submission: the job's status when accepted, or which field is wrong.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Status">The job's status (Accepted, AlreadyExists).</param>
/// <param name="Field">The wrong field (UnknownOperation, Invalid).</param>
/// <param name="Message">Why it is wrong, or why the job could not be accepted (Unavailable).</param>
/// <param name="KnownOperations">The registered operations (UnknownOperation).</param>
[GenerateSerializer, Immutable]
public sealed record JobSubmission(
    [property: Id(0)] JobSubmissionOutcome Outcome,
    [property: Id(1)] JobStatus? Status,
    [property: Id(2)] string? Field,
    [property: Id(3)] string? Message,
    [property: Id(4)] IReadOnlyList<string> KnownOperations);

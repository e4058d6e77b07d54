namespace GrainSystem.Abstractions.Jobs;

/// <summary>How a submission ended (see <see cref="JobSubmitResult"/>).</summary>
[GenerateSerializer]
public enum JobSubmitStatus
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
    /// The job could not be made durable (its resume reminder or its spec could not be written), or the id's
    /// previous job is being deleted; nothing was accepted and the submission may be retried.
    /// </summary>
    Unavailable = 4,
}

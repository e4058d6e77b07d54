namespace GrainSystem.Abstractions.Jobs;

/// <summary>The answer to a submission: the job when accepted, or which field is wrong.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Info">The job (<see cref="JobSubmitStatus.Accepted"/>, <see cref="JobSubmitStatus.AlreadyExists"/>); null otherwise.</param>
/// <param name="Field">The wrong field (<see cref="JobSubmitStatus.UnknownOperation"/>, <see cref="JobSubmitStatus.Invalid"/>, and
/// <c>id</c> for <see cref="JobSubmitStatus.AlreadyExists"/>); null otherwise.</param>
/// <param name="Message">Why the field is wrong, or why the job could not be accepted (<see cref="JobSubmitStatus.Unavailable"/>,
/// <see cref="JobSubmitStatus.AlreadyExists"/>); null when accepted.</param>
/// <param name="KnownOperations">The registered operations (<see cref="JobSubmitStatus.UnknownOperation"/>); empty otherwise.</param>
[GenerateSerializer, Immutable]
public sealed record JobSubmitResult(
    [property: Id(0)] JobSubmitStatus Status,
    [property: Id(1)] JobInfo? Info,
    [property: Id(2)] string? Field,
    [property: Id(3)] string? Message,
    [property: Id(4)] IReadOnlyList<string> KnownOperations);

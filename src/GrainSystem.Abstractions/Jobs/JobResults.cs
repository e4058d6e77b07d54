namespace GrainSystem.Abstractions.Jobs;

/// <summary>A job's results, present only once it is <see cref="JobState.Completed"/>.</summary>
/// <param name="Status">Whether the results are given.</param>
/// <param name="State">The job's state (<see cref="JobState.Pending"/>, meaningless, when <see cref="JobResultsStatus.NotFound"/>).</param>
/// <param name="Reduced">True when <see cref="Json"/> is (or would be) one reduced value rather than an array of per-item
/// results (<see cref="JobResultsStatus.Available"/>, <see cref="JobResultsStatus.NotCompleted"/>); false otherwise.</param>
/// <param name="Json">A JSON array of per-item results in item order, or the reduced value
/// (<see cref="JobResultsStatus.Available"/>); null otherwise.</param>
/// <param name="Error">Why the results cannot be given although the job exists, e.g. its operation is not registered
/// on the silo hosting it (<see cref="JobResultsStatus.Unavailable"/>); null otherwise.</param>
[GenerateSerializer, Immutable]
public sealed record JobResults(
    [property: Id(0)] JobResultsStatus Status,
    [property: Id(1)] JobState State,
    [property: Id(2)] bool Reduced,
    [property: Id(3)] string? Json,
    [property: Id(4)] string? Error = null);

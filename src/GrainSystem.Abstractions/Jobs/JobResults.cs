namespace GrainSystem.Abstractions.Jobs;

/// <summary>A job's results, present only once it is <see cref="JobState.Completed"/>.</summary>
/// <param name="Exists">False when no job has this id.</param>
/// <param name="State">The job's state.</param>
/// <param name="Reduced">True when <see cref="Json"/> is one reduced value rather than an array of per-item results.</param>
/// <param name="Json">A JSON array of per-item results in item order, or the reduced value; null unless Completed.</param>
/// <param name="Error">Why the results cannot be given although the job exists (e.g. its operation is not registered
/// on the silo hosting it); null otherwise.</param>
[GenerateSerializer, Immutable]
public sealed record JobResults(
    [property: Id(0)] bool Exists,
    [property: Id(1)] JobState State,
    [property: Id(2)] bool Reduced,
    [property: Id(3)] string? Json,
    [property: Id(4)] string? Error = null);

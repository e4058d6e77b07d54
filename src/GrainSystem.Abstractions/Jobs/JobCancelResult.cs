namespace GrainSystem.Abstractions.Jobs;

/// <summary>The answer to a cancellation.</summary>
/// <param name="Status">What happened.</param>
/// <param name="State">The job's state afterwards: <see cref="JobState.Cancelled"/> when <see cref="JobCancelStatus.Cancelled"/>,
/// <see cref="JobState.Completed"/> or <see cref="JobState.Failed"/> when <see cref="JobCancelStatus.AlreadyFinished"/>,
/// <see cref="JobState.Pending"/> (meaningless) when <see cref="JobCancelStatus.NotFound"/>.</param>
[GenerateSerializer, Immutable]
public sealed record JobCancelResult(
    [property: Id(0)] JobCancelStatus Status,
    [property: Id(1)] JobState State);

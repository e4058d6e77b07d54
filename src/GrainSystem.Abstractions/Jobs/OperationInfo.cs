namespace GrainSystem.Abstractions.Jobs;

/// <summary>A registered chunk operation, as <c>GET /operations</c> lists it.</summary>
/// <param name="Name">The name jobs refer to.</param>
/// <param name="Description">What it does with each item and its arguments.</param>
/// <param name="Reduces">True when the job's result is one reduced value instead of per-item results.</param>
[GenerateSerializer, Immutable]
public sealed record OperationInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] bool Reduces);

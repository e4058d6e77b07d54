namespace GrainSystem.FaultTests.Checkers.Liveness;

/// <summary>An operation of <paramref name="Feature"/> that succeeded, for availability over time.</summary>
public readonly record struct FeatureSuccess(string Feature, long Invoke, long Complete);

namespace GrainSystem.FaultTests.Checkers;

/// <summary>The feature names used in records, anomalies and the report table.</summary>
public static class Features
{
    public const string Cache = "cache";
    public const string Locks = "locks";
    public const string Jobs = "jobs";
    public const string Events = "events";

    public static readonly IReadOnlyList<string> All = [Cache, Locks, Jobs, Events];
}

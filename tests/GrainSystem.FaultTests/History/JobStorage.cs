namespace GrainSystem.FaultTests.History;

/// <summary>The Redis keys still stored for a job after its retention ended and it answered 404.</summary>
public sealed record JobStorage(string Id, IReadOnlyList<string> Keys, long At);

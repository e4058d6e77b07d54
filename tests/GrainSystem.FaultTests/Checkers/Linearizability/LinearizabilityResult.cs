namespace GrainSystem.FaultTests.Checkers.Linearizability;

/// <summary>
/// The verdict on one history, the search steps it took, and, when it is not linearizable, the longest prefix of a
/// linearization found and the operation that could not be placed after it (the evidence).
/// </summary>
public sealed record LinearizabilityResult<TOp>(Verdict Verdict, long Steps, IReadOnlyList<TOp> LongestPrefix, TOp? Stuck);

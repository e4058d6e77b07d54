using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Checkers;

/// <summary>
/// A broken guarantee found in a history: which <paramref name="Feature"/> and <paramref name="Check"/>, the time it
/// was observed (for attribution to a fault window) and what was seen.
/// </summary>
public sealed record Anomaly(string Feature, string Check, long At, string Description)
{
    public override string ToString() => $"[{Feature}/{Check} at {RunClock.Format(At)}] {Description}";
}

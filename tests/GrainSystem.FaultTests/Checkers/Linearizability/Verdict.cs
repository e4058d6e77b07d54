namespace GrainSystem.FaultTests.Checkers.Linearizability;

public enum Verdict
{
    Linearizable,
    NotLinearizable,

    /// <summary>The search bound ran out before an answer: neither a pass nor an anomaly.</summary>
    Unknown,
}

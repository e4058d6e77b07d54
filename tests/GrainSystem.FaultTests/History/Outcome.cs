namespace GrainSystem.FaultTests.History;

/// <summary>What a client knows about an operation once its last attempt answered.</summary>
public enum Outcome
{
    /// <summary>Answered with a definite result (success or an expected refusal such as 409 or 412).</summary>
    Ok,

    /// <summary>Refused with nothing changed (a 4xx, a 503 that says so, a connection that was never made).</summary>
    Failed,

    /// <summary>May or may not have taken effect (a timeout, a dropped connection, an "outcome unknown" 503, a 5xx).</summary>
    Indeterminate,
}

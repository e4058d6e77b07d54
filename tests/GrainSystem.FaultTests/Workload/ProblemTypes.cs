namespace GrainSystem.FaultTests.Workload;

/// <summary>The two kinds of 503 the API distinguishes (DESIGN §5).</summary>
public static class ProblemTypes
{
    /// <summary>Refused, nothing changed: retrying is safe.</summary>
    public const string Unavailable = "urn:grainsystem:problem:unavailable";

    /// <summary>A write was sent and may have landed: retry only with the same <c>Idempotency-Key</c>.</summary>
    public const string OutcomeUnknown = "urn:grainsystem:problem:outcome-unknown";
}

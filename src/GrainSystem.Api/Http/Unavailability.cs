namespace GrainSystem.Api.Http;

/// <summary>What a 503 tells the caller about its request.</summary>
public enum Unavailability
{
    /// <summary>Refused before anything changed: retrying is safe.</summary>
    Refused,

    /// <summary>A write was sent and may have landed: retry with the same <c>Idempotency-Key</c>.</summary>
    OutcomeUnknown,
}

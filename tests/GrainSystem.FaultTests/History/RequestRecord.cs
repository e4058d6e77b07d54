namespace GrainSystem.FaultTests.History;

/// <summary>
/// One HTTP request as the client saw it: <paramref name="Status"/> 0 when no answer came (<paramref name="Error"/>
/// says why); <paramref name="Allowance"/> is how long the request may wait by design on top of the response timeout
/// (a lock acquire's wait).
/// </summary>
public sealed record RequestRecord(
    string Feature,
    string Route,
    long Start,
    long Duration,
    int Status,
    string? ProblemType,
    bool RetryAfter,
    string? Error,
    TimeSpan Allowance);

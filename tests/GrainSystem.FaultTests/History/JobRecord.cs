namespace GrainSystem.FaultTests.History;

/// <summary>
/// One job submission and what became of it: <paramref name="Expected"/> are the results its items must give, in item
/// order; <paramref name="FinalState"/>, <paramref name="Results"/> and <paramref name="Error"/> are what the job
/// showed when the run waited for it at the end (null when the submission was not accepted).
/// </summary>
public sealed record JobRecord(
    int Client,
    string? Id,
    long[] Expected,
    Outcome Outcome,
    long Invoke,
    long Complete,
    string? FinalState = null,
    long[]? Results = null,
    string? Error = null);

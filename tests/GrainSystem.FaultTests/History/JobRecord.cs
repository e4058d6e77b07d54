namespace GrainSystem.FaultTests.History;

/// <summary>
/// One job submission and what became of it: <paramref name="Expected"/> are the results its items must give, in item
/// order; <paramref name="FinalState"/>, <paramref name="Results"/> and <paramref name="Error"/> are what the job
/// showed last while it was watched (null when the submission was not accepted or the job never answered;
/// <see cref="Gone"/> when it answered 404); <paramref name="Unseen"/> is the longest stretch of the watch (ticks)
/// without an answer about it — a job can finish and expire unseen only in a stretch longer than its retention.
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
    string? Error = null,
    long Unseen = 0)
{
    public const string Gone = "Gone";
}

using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Api.Jobs;

/// <summary>Answer of <c>GET /jobs/{id}</c>.</summary>
public sealed record JobStatusResponse(
    string Id,
    string Operation,
    string State,
    int TotalItems,
    int TotalChunks,
    int CompletedChunks,
    int FailedChunks,
    int RunningChunks,
    int Retries,
    IReadOnlyList<JobErrorResponse> Errors,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static JobStatusResponse From(JobInfo s) => new(
        s.Id, s.Operation, s.State.ToString(), s.TotalItems, s.TotalChunks, s.CompletedChunks, s.FailedChunks,
        s.RunningChunks, s.Retries,
        s.Errors.Select(e => new JobErrorResponse(e.Chunk, e.Attempt, e.Message, e.At, e.Final)).ToArray(),
        s.CreatedAt, s.StartedAt, s.FinishedAt);
}

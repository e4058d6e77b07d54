namespace GrainSystem.Api.Jobs;

/// <summary>One failed attempt of a chunk in <c>GET /jobs/{id}</c>; <c>final</c> marks the error that failed the job.</summary>
public sealed record JobErrorResponse(int Chunk, int Attempt, string Message, DateTimeOffset At, bool Final);

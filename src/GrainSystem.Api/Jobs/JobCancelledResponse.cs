namespace GrainSystem.Api.Jobs;

/// <summary>Answer of <c>DELETE /jobs/{id}</c>.</summary>
public sealed record JobCancelledResponse(string Id, string State);

namespace GrainSystem.Api.Jobs;

/// <summary>Answer of <c>POST /jobs</c>.</summary>
public sealed record JobAcceptedResponse(string Id, string State, int TotalChunks);

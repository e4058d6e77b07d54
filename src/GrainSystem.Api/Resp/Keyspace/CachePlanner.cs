using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>
/// Plans one cache command: checks its arguments, adds its operations to <paramref name="plan"/> and sets the reply
/// that will be written from their results. Returns null when planned, else the error reply (nothing added).
/// </summary>
internal delegate string? CachePlanner(RespCommand command, CachePlan plan);

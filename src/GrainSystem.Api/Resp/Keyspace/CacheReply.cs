using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>Writes a planned command's reply from the results of its operations, in the order it added them.</summary>
internal delegate void CacheReply(RespSession session, ReadOnlySpan<CacheOperationResult> results);

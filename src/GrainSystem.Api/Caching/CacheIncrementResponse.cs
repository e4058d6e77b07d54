namespace GrainSystem.Api.Caching;

/// <summary>A counter after an increment.</summary>
public sealed record CacheIncrementResponse(long Value, long Version);

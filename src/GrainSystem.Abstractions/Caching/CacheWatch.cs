namespace GrainSystem.Abstractions.Caching;

/// <summary>A batch's precondition (<c>WATCH</c>): <paramref name="Key"/> is still at <paramref name="Version"/> (0 = still absent).</summary>
[GenerateSerializer, Immutable]
public sealed record CacheWatch([property: Id(0)] string Key, [property: Id(1)] long Version);

namespace GrainSystem.Grains.Caching;

/// <summary>A partition's persisted version reservation (hi/lo): every version up to <see cref="Reserved"/> may have been handed out.</summary>
[GenerateSerializer]
public sealed class CacheVersionState
{
    [Id(0)] public int SchemaVersion { get; set; } = 1;

    [Id(1)] public long Reserved { get; set; }
}

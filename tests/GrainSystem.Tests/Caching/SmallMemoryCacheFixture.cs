namespace GrainSystem.Tests.Caching;

/// <summary>Two silos whose cache budget is 1 MiB each, so eviction starts after a few thousand small entries.</summary>
public sealed class SmallMemoryCacheFixture() : CacheClusterFixture(new Dictionary<string, string?>
{
    ["Cache:MaxMemoryMB"] = "1",
    ["Cache:Partitions"] = "8",
});

[CollectionDefinition(Name)]
public sealed class SmallMemoryCacheCollection : ICollectionFixture<SmallMemoryCacheFixture>
{
    public const string Name = "cache-small-memory";
}

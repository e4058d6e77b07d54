using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Tests.Caching;

[Collection(CacheClusterCollection.Name)]
public sealed class CacheVersionTests(CacheClusterFixture fixture)
{
    [Fact]
    public async Task Versions_grow_across_delete_and_forced_deactivation()
    {
        var key = CacheTestKeys.Unique("versions");
        var grain = fixture.GrainFor(key);
        var first = await grain.Set(key, CacheTestKeys.Text("a"));
        var second = await grain.Set(key, CacheTestKeys.Text("b"));
        Assert.Equal(CacheWriteStatus.Created, first.Status);
        Assert.Equal(CacheWriteStatus.Replaced, second.Status);
        Assert.True(second.Version > first.Version);

        Assert.Equal(CacheDeleteStatus.Deleted, (await grain.Delete(key, null)).Status);
        var afterDelete = await grain.Set(key, CacheTestKeys.Text("c"));
        Assert.Equal(CacheWriteStatus.Created, afterDelete.Status);
        Assert.True(afterDelete.Version > second.Version);

        await fixture.Cluster.DeactivateAsync(grain);
        var afterRestart = await grain.Set(key, CacheTestKeys.Text("d"));
        Assert.True(afterRestart.Version > afterDelete.Version, $"{afterRestart.Version} after {afterDelete.Version}");
    }

    [Fact]
    public async Task Read_returns_value_content_type_and_version_of_the_last_write()
    {
        var key = CacheTestKeys.Unique("read");
        var grain = fixture.GrainFor(key);
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var written = await grain.Set(key, new CacheSetRequest { Value = bytes, ContentType = "image/png" });

        var read = await grain.Get(key);

        Assert.Equal(CacheReadStatus.Hit, read.Status);
        Assert.Equal(bytes, read.Value);
        Assert.Equal("image/png", read.ContentType);
        Assert.Equal(written.Version, read.Version);
        Assert.Null(read.ExpiresAt);
    }
}

using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Tests.Caching;

[Collection(CacheClusterCollection.Name)]
public sealed class CachePartitionerTests(CacheClusterFixture fixture)
{
    [Theory]
    // Expected values computed in another process by another implementation (the C xxHash library's XXH3_64bits,
    // libxxhash 0.8.1, called from Python): the mapping depends on nothing but the key's UTF-8 bytes and N
    // (string.GetHashCode would differ per process).
    [InlineData("user:42", 256, 170)]
    [InlineData("session:abc", 256, 252)]
    [InlineData("ключ", 256, 222)]
    [InlineData("user:42", 8, 2)]
    public void Partition_of_a_key_is_the_same_in_every_process(string key, int partitions, int expected) =>
        Assert.Equal(expected, CachePartitioner.PartitionOf(key, partitions));

    [Fact]
    public void Keys_spread_over_all_partitions()
    {
        var counts = new int[256];
        for (var i = 0; i < 100_000; i++)
        {
            counts[CachePartitioner.PartitionOf($"key:{i}", 256)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 250, 550));
    }

    [Theory]
    // Redis Cluster's rule: the bytes between the first '{' and the first '}' after it, when there is at least one.
    [InlineData("{user:42}:name", "user:42")]
    [InlineData("a{user:42}b{other}", "user:42")]
    [InlineData("{a}{b}", "a")]
    [InlineData("x{{y}z", "{y")]
    public void A_key_with_a_hash_tag_is_in_its_tags_partition(string key, string tag) =>
        Assert.Equal(CachePartitioner.PartitionOf(tag, 256), CachePartitioner.PartitionOf(key, 256));

    [Theory]
    // Without a non-empty tag the whole key counts: these keep the partitions they had before hash tags.
    [InlineData("user:42", 256, 170)]
    [InlineData("{}user:42", 256, -1)]
    [InlineData("{user:42", 256, -1)]
    [InlineData("}user{", 256, -1)]
    public void A_key_without_a_tag_is_hashed_whole(string key, int partitions, int expected)
    {
        var whole = (int)(System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(key)) % (ulong)partitions);
        Assert.Equal(expected < 0 ? whole : expected, CachePartitioner.PartitionOf(key, partitions));
    }

    [Fact]
    public async Task A_key_sent_to_another_partition_is_refused()
    {
        var key = "misrouted";
        var wrong = (CachePartitioner.PartitionOf(key, 256) + 1) % 256;
        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<ICacheGrain>(wrong).Get(key).AsTask());
        Assert.Contains("Cache:Partitions", error.Message, StringComparison.Ordinal);
    }
}

using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Tests.Caching;

[Collection(SmallMemoryCacheCollection.Name)]
public sealed class CacheEvictionTests(SmallMemoryCacheFixture fixture)
{
    [Fact]
    public async Task Memory_stays_under_the_budget_and_least_recently_used_entries_are_evicted_first()
    {
        const int partitions = 8; // SmallMemoryCacheFixture's Cache:Partitions
        var hot = "hot-key";
        var hotGrain = fixture.GrainFor(hot);
        var written = await hotGrain.Set(hot, CacheTestKeys.Text("hot"));
        var value = new string('v', 1000);

        // The first key written to each partition, before any other cold key: its partition's least recently used.
        var oldest = Enumerable.Range(0, 200).Select(i => $"oldest:{i}")
            .GroupBy(k => CachePartitioner.PartitionOf(k, partitions))
            .ToDictionary(g => g.Key, g => g.First());
        Assert.Equal(partitions, oldest.Count);
        var oldestVersions = new Dictionary<int, long>();
        foreach (var (partition, key) in oldest)
        {
            oldestVersions[partition] = (await fixture.GrainFor(key).Set(key, CacheTestKeys.Text(value))).Version;
        }

        // 4,000 entries of ~1.1 KB on two silos of 1 MiB each: about half must go.
        for (var batch = 0; batch < 40; batch++)
        {
            await Task.WhenAll(Enumerable.Range(batch * 100, 100).Select(i =>
            {
                var key = $"cold:{i}";
                return fixture.GrainFor(key).Set(key, CacheTestKeys.Text(value)).AsTask();
            }));
            Assert.Equal(CacheReadStatus.Hit, (await hotGrain.Get(hot)).Status); // kept recently used

            foreach (var partition in Enumerable.Range(0, partitions))
            {
                var stats = await fixture.Client.GetGrain<ICacheGrain>(partition).GetStats();
                Assert.True(stats.SiloBytes <= stats.SiloBudgetBytes, $"silo holds {stats.SiloBytes} of {stats.SiloBudgetBytes} bytes");
            }
        }

        // Partitions are placed on the two silos at random, so a silo may hold few enough of them never to
        // evict. Wherever a partition evicted cold keys, its least recently used key went first (embedded
        // mode: an evicted entry is a miss), and it comes back with a newer version than before its eviction.
        var coldMisses = new Dictionary<int, int>();
        for (var i = 0; i < 4000; i++)
        {
            var key = $"cold:{i}";
            if ((await fixture.GrainFor(key).Get(key)).Status == CacheReadStatus.Miss)
            {
                var partition = CachePartitioner.PartitionOf(key, partitions);
                coldMisses[partition] = coldMisses.GetValueOrDefault(partition) + 1;
            }
        }

        Assert.NotEmpty(coldMisses); // 4.4 MB cannot fit in 2 MiB
        foreach (var partition in coldMisses.Keys)
        {
            var key = oldest[partition];
            Assert.Equal(CacheReadStatus.Miss, (await fixture.GrainFor(key).Get(key)).Status);
            var again = await fixture.GrainFor(key).Set(key, CacheTestKeys.Text("again"));
            Assert.Equal(CacheWriteStatus.Created, again.Status);
            Assert.True(again.Version > oldestVersions[partition], $"{again.Version} after {oldestVersions[partition]}");
        }

        var hits = 4000 - coldMisses.Values.Sum();
        Assert.InRange(hits, 1, 3000);
        Assert.Equal(CacheReadStatus.Hit, (await hotGrain.Get(hot)).Status);
        Assert.Equal(written.Version, (await hotGrain.Get(hot)).Version);
    }
}

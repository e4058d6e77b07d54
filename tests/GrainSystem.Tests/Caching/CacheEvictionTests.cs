using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Tests.Caching;

[Collection(SmallMemoryCacheCollection.Name)]
public sealed class CacheEvictionTests(SmallMemoryCacheFixture fixture)
{
    [Fact]
    public async Task Memory_stays_under_the_budget_and_least_recently_used_entries_are_evicted_first()
    {
        var hot = "hot-key";
        var hotGrain = fixture.GrainFor(hot);
        var written = await hotGrain.Set(hot, CacheTestKeys.Text("hot"));
        var value = new string('v', 1000);
        var oldest = await fixture.GrainFor("cold:0").Set("cold:0", CacheTestKeys.Text(value));

        // 4,000 entries of ~1.1 KB on two silos of 1 MiB each: about half must go.
        for (var batch = 0; batch < 40; batch++)
        {
            await Task.WhenAll(Enumerable.Range(batch * 100, 100).Select(i =>
            {
                var key = $"cold:{i}";
                return fixture.GrainFor(key).Set(key, CacheTestKeys.Text(value));
            }));
            Assert.Equal(CacheReadStatus.Hit, (await hotGrain.Get(hot)).Status); // kept recently used

            foreach (var partition in Enumerable.Range(0, 8))
            {
                var stats = await fixture.Client.GetGrain<ICacheGrain>(partition).GetStats();
                Assert.True(stats.SiloBytes <= stats.SiloBudgetBytes, $"silo holds {stats.SiloBytes} of {stats.SiloBudgetBytes} bytes");
            }
        }

        // The least recently used key of its partition is gone (embedded mode: an evicted entry is a miss) …
        Assert.Equal(CacheReadStatus.Miss, (await fixture.GrainFor("cold:0").Get("cold:0")).Status);

        // … and written again it gets a newer version than before its eviction.
        var again = await fixture.GrainFor("cold:0").Set("cold:0", CacheTestKeys.Text("again"));
        Assert.Equal(CacheWriteStatus.Created, again.Status);
        Assert.True(again.Version > oldest.Version, $"{again.Version} after {oldest.Version}");

        var hits = 0;
        for (var i = 1; i < 4000; i++)
        {
            var key = $"cold:{i}";
            hits += (await fixture.GrainFor(key).Get(key)).Status == CacheReadStatus.Hit ? 1 : 0;
        }

        Assert.InRange(hits, 1, 3000);
        Assert.Equal(CacheReadStatus.Hit, (await hotGrain.Get(hot)).Status);
        Assert.Equal(written.Version, (await hotGrain.Get(hot)).Version);
    }
}

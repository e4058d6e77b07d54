using System.Text;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Client.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GrainSystem.Tests.Caching;

[Collection(CacheClusterCollection.Name)]
public sealed class DistributedCacheTests(CacheClusterFixture fixture)
{
    private IDistributedCache Cache => fixture.Client.ServiceProvider.GetRequiredService<IDistributedCache>();

    [Fact]
    public async Task Get_set_refresh_and_remove_behave_as_IDistributedCache_says()
    {
        var key = CacheTestKeys.Unique("idc");
        Assert.Null(await Cache.GetAsync(key));

        await Cache.SetAsync(key, [1, 2, 3], new DistributedCacheEntryOptions());
        Assert.Equal([1, 2, 3], await Cache.GetAsync(key));
        await Cache.RefreshAsync(key);

        Cache.Set(key, [4], new DistributedCacheEntryOptions());
        Assert.Equal([4], Cache.Get(key));

        await Cache.RemoveAsync(key);
        Assert.Null(await Cache.GetAsync(key));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Cache.SetAsync(key, [1], new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(-1) }));
    }

    [Fact]
    public async Task Sliding_expiration_is_extended_by_refresh_and_absolute_expiration_is_not()
    {
        var sliding = CacheTestKeys.Unique("idc-sliding");
        var absolute = CacheTestKeys.Unique("idc-absolute");
        // Generous: only a stall of 5 s between two refreshes of a loaded machine could lose the sliding entry.
        var window = TimeSpan.FromSeconds(5);
        await Cache.SetStringAsync(sliding, "s", new DistributedCacheEntryOptions { SlidingExpiration = window });
        await Cache.SetStringAsync(absolute, "a", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(3) });

        var started = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - started < window * 1.4)
        {
            await Cache.RefreshAsync(sliding);
            await Cache.RefreshAsync(absolute);
            await Task.Delay(250); // the app's refresh pace, not synchronisation
        }

        Assert.Equal("s", await Cache.GetStringAsync(sliding));
        await Poll.UntilAsync(async () => await Cache.GetAsync(absolute) is null, TimeSpan.FromSeconds(10), "the absolute entry to expire");
    }

    [Fact]
    public async Task GetOrCreate_runs_the_factory_once_for_fifty_concurrent_callers_on_both_silos()
    {
        var key = CacheTestKeys.Unique("stampede");
        var runs = 0;
        var release = new TaskCompletionSource();

        // Callers from the client and from each silo's own grain factory (co-hosted apps).
        var caches = new List<GrainSystemDistributedCache> { fixture.Cache };
        foreach (var silo in fixture.Cluster.Silos)
        {
            var services = fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress);
            caches.Add(new GrainSystemDistributedCache(
                new CacheClient(services.GetRequiredService<IGrainFactory>(), Options.Create(new CacheOptions())), TimeProvider.System));
        }

        var callers = Enumerable.Range(0, 50).Select(i => caches[i % caches.Count].GetOrCreateAsync(key, async _ =>
        {
            Interlocked.Increment(ref runs);
            await release.Task;
            return Encoding.UTF8.GetBytes("expensive");
        })).ToList();

        await Poll.UntilAsync(() => Volatile.Read(ref runs) > 0, TimeSpan.FromSeconds(20), "one caller to start the factory");
        release.SetResult();
        var values = await Task.WhenAll(callers);

        Assert.Equal(1, runs);
        Assert.All(values, v => Assert.Equal("expensive", Encoding.UTF8.GetString(v)));
    }

    [Fact]
    public async Task GetOrCreate_of_an_object_stores_it_as_json_and_reads_it_back_without_the_factory()
    {
        var key = CacheTestKeys.Unique("json");
        var first = await fixture.Cache.GetOrCreateAsync(key, _ => Task.FromResult(new Sample("Ada", 36)));
        var second = await fixture.Cache.GetOrCreateAsync<Sample>(key, _ => throw new InvalidOperationException("must not run"));
        Assert.Equal(first, second);
        Assert.Equal("{\"name\":\"Ada\",\"age\":36}", await Cache.GetStringAsync(key));
    }

    public sealed record Sample(string Name, int Age);

    [Fact]
    public async Task GetOrCreate_after_a_failing_factory_lets_the_next_caller_compute()
    {
        var key = CacheTestKeys.Unique("factory-fails");
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            fixture.Cache.GetOrCreateAsync(key, _ => throw new InvalidOperationException("backend down")));
        var value = await fixture.Cache.GetOrCreateAsync(key, _ => Task.FromResult(new byte[] { 7 }));
        Assert.Equal([7], value);
    }
}

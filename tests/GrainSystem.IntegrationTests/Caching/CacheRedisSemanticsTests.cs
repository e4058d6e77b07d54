using System.Net;
using System.Text;
using GrainSystem.Abstractions.Caching;
using Orleans.Core.Internal;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>How the partitions treat what Redis holds: values written by something else, logical expiry, deleted keys, and races between writers.</summary>
public sealed class CacheRedisSemanticsTests(CacheProcessCluster cluster) : IClassFixture<CacheProcessCluster>
{
    private static string Key(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static CacheSetRequest Text(string value) => new() { Value = Encoding.UTF8.GetBytes(value), ContentType = "text/plain" };

    [Fact]
    public async Task The_key_partitions_is_an_ordinary_cache_key()
    {
        var put = await cluster.Http.PutAsync("/cache/partitions", new ByteArrayContent("p"u8.ToArray()));
        Assert.True(put.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"PUT /cache/partitions gave {put.StatusCode}");
        Assert.Equal("p", await cluster.Http.GetStringAsync("/cache/partitions"));
        Assert.Equal(CacheProcessCluster.PartitionCount, (int)await cluster.Redis.Database.StringGetAsync($"{cluster.ServiceId}:cache-meta:partitions"));
    }

    [Fact]
    public async Task A_key_holding_a_value_written_by_something_else_fails_its_own_read_alone_and_a_write_replaces_it()
    {
        for (var round = 0; round < 5; round++)
        {
            var bad = Key("foreign");
            await cluster.Redis.Database.StringSetAsync(cluster.RedisKeyOf(bad), "not a cache entry");
            var good = Enumerable.Range(0, 64).Select(i => Key($"batch{i}")).ToList();
            var written = await Task.WhenAll(good.Select(k => cluster.GrainFor(k).Set(k, Text(k)).AsTask()));
            Assert.All(written, r => Assert.Equal(CacheWriteStatus.Created, r.Status));

            // Read together, so the foreign value is read back beside sound entries.
            var reads = await Task.WhenAll(good.Prepend(bad).Select(k => cluster.GrainFor(k).Get(k).AsTask()));

            Assert.Equal(CacheReadStatus.Unavailable, reads[0].Status);
            Assert.All(reads.Skip(1).Zip(good), r => Assert.Equal(r.Second, Encoding.UTF8.GetString(r.First.Value!)));
            Assert.Equal("not a cache entry", (string?)await cluster.Redis.Database.StringGetAsync(cluster.RedisKeyOf(bad)));

            // An unconditional write needs nothing of what was there: it replaces the foreign value.
            Assert.Equal(CacheWriteStatus.Replaced, (await cluster.GrainFor(bad).Set(bad, Text("mine"))).Status);
            Assert.Equal("mine", (await cluster.StoredAsync(bad))!.Text);
        }
    }

    [Fact]
    public async Task An_entry_past_its_sliding_deadline_is_absent_for_every_write_although_redis_still_keeps_it()
    {
        // Redis keeps a sliding entry half a window after its deadline. Written as the partition would have,
        // with a 60 s window whose deadline passed 10 s ago (Redis expiry 20 s ahead); memory never saw it.
        async Task<string> ExpiredAsync(string prefix, string value)
        {
            var key = Key(prefix);
            await cluster.PlantAsync(key, StoredEntry.Of(value, 1, slidingMs: 60_000));
            await cluster.Redis.Database.KeyExpireAsync(cluster.RedisKeyOf(key), DateTime.UtcNow.AddSeconds(20));
            return key;
        }

        var absent = await ExpiredAsync("if-absent", "old");
        Assert.Equal(CacheReadStatus.Miss, (await cluster.GrainFor(absent).Get(absent)).Status);
        var created = await cluster.GrainFor(absent).Set(absent, Text("new") with { Condition = CacheWriteCondition.IfAbsent });
        Assert.Equal(CacheWriteStatus.Created, created.Status);

        var replaced = await ExpiredAsync("put", "old");
        Assert.Equal(CacheWriteStatus.Created, (await cluster.GrainFor(replaced).Set(replaced, Text("new"))).Status);

        var counter = await ExpiredAsync("counter", "41");
        var incremented = await cluster.GrainFor(counter).Increment(counter, 1);
        Assert.Equal(CacheIncrementStatus.Incremented, incremented.Status);
        Assert.Equal(1, incremented.Value);

        var deleted = await ExpiredAsync("delete", "old");
        Assert.Equal(CacheDeleteStatus.NotFound, (await cluster.GrainFor(deleted).Delete(deleted, null)).Status);
    }

    [Fact]
    public async Task A_delete_removes_the_key_from_redis_and_no_later_write_reuses_a_version_at_or_below_the_deleted_one()
    {
        var key = Key("deleted");
        var grain = cluster.GrainFor(key);
        var written = await grain.Set(key, Text("a"));
        Assert.Equal(CacheDeleteStatus.Deleted, (await grain.Delete(key, null)).Status);

        // No tombstone: the key is gone, and the partition's counter alone keeps versions growing, across its restart too.
        Assert.False(await cluster.Redis.Database.KeyExistsAsync(cluster.RedisKeyOf(key)));
        Assert.Equal(CacheReadStatus.Miss, (await grain.Get(key)).Status);
        Assert.Equal(CacheDeleteStatus.NotFound, (await grain.Delete(key, null)).Status);
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        var rewritten = await grain.Set(key, Text("b") with { Condition = CacheWriteCondition.IfAbsent });
        Assert.Equal(CacheWriteStatus.Created, rewritten.Status);
        Assert.True(rewritten.Version > written.Version, $"version {rewritten.Version} must pass the deleted {written.Version}");
        Assert.Null(await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(key)));
    }

    [Fact]
    public async Task Of_32_concurrent_compare_and_sets_with_the_same_version_exactly_one_wins_in_redis()
    {
        var key = Key("cas");
        var grain = cluster.GrainFor(key);
        var start = await grain.Set(key, Text("0"));

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            grain.Set(key, Text($"w{i}") with { Condition = CacheWriteCondition.IfVersion, ExpectedVersion = start.Version }).AsTask()));

        var winner = Assert.Single(results, r => r.Status == CacheWriteStatus.Replaced);
        Assert.Equal(31, results.Count(r => r.Status == CacheWriteStatus.PreconditionFailed));
        Assert.Equal(winner.Version, (await cluster.StoredAsync(key))!.Version);
    }

    [Fact]
    public async Task A_thousand_concurrent_increments_add_up_exactly_in_redis()
    {
        var key = Key("counter");
        var grain = cluster.GrainFor(key);
        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => grain.Increment(key, 3).AsTask()));

        Assert.All(results, r => Assert.Equal(CacheIncrementStatus.Incremented, r.Status));
        Assert.Equal(1000, results.Select(r => r.Value).Distinct().Count());
        Assert.Equal("3000", (await cluster.StoredAsync(key))!.Text);
        Assert.Equal("3000", Encoding.ASCII.GetString((await grain.Get(key)).Value!));
    }
}

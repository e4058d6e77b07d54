using System.Text;
using GrainSystem.Abstractions.Caching;
using Orleans.Core.Internal;
using StackExchange.Redis;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>
/// The silo's group commit: writes of many partitions in one script call, each judged by its own version check,
/// and what a write stores in Redis when its fields are the defaults.
/// </summary>
public sealed class CacheWriteBatchTests(CacheProcessCluster cluster) : IClassFixture<CacheProcessCluster>
{
    private const string DefaultType = "application/octet-stream";

    private static string Key(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static CacheSetRequest Bytes(string value) => new() { Value = Encoding.UTF8.GetBytes(value) };

    private async Task<Dictionary<string, RedisValue>> HashOf(string key) =>
        (await cluster.Redis.Database.HashGetAllAsync(cluster.RedisKeyOf(key))).ToDictionary(e => e.Name.ToString(), e => e.Value);

    [Fact]
    public async Task A_stale_write_in_a_batch_is_refused_by_redis_and_retried_above_its_version_while_the_rest_of_the_batch_lands()
    {
        for (var round = 0; round < 3; round++)
        {
            var stale = Key("stale");
            var mine = await cluster.GrainFor(stale).Set(stale, Bytes("mine"));

            // Another activation of the partition (a duplicate during a failover) wrote a newer version; this
            // activation's memory still holds its own, older one.
            var newer = mine.Version + 1_000_000;
            await cluster.Redis.Database.HashSetAsync(cluster.RedisKeyOf(stale), [new("v", "theirs"), new("n", newer)]);
            var others = Enumerable.Range(0, 63).Select(i => Key($"batch{i}")).ToList();

            // Sent together, so the silos' group commit puts the stale write in a batch with fresh ones.
            var results = await Task.WhenAll(others.Prepend(stale).Select(k => cluster.GrainFor(k).Set(k, Bytes(k)).AsTask()));

            Assert.Equal(CacheWriteStatus.Replaced, results[0].Status);
            Assert.True(results[0].Version > newer, $"version {results[0].Version} must pass Redis's {newer}");
            var stored = await HashOf(stale);
            Assert.Equal(stale, stored["v"].ToString());
            Assert.Equal(results[0].Version, (long)stored["n"]);
            Assert.All(results.Skip(1), r => Assert.Equal(CacheWriteStatus.Created, r.Status));
            foreach (var key in others)
            {
                Assert.Equal(key, (string?)await cluster.Redis.Database.HashGetAsync(cluster.RedisKeyOf(key), "v"));
            }
        }
    }

    [Fact]
    public async Task A_new_entry_with_default_fields_stores_only_value_and_version_and_reads_back_with_the_defaults()
    {
        var key = Key("defaults");
        var grain = cluster.GrainFor(key);
        var written = await grain.Set(key, Bytes("plain"));
        Assert.Equal(CacheWriteStatus.Created, written.Status);
        Assert.Equal(["n", "v"], (await HashOf(key)).Keys.Order(StringComparer.Ordinal));
        Assert.Null(await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(key)));

        // The partition loses its memory: the read comes back from Redis with the defaults.
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var read = await grain.Get(key);
        Assert.Equal(CacheReadStatus.Hit, read.Status);
        Assert.Equal("plain", Encoding.UTF8.GetString(read.Value!));
        Assert.Equal(DefaultType, read.ContentType);
        Assert.Equal(written.Version, read.Version);
        Assert.Null(read.ExpiresAt);
    }

    [Fact]
    public async Task A_replace_stores_every_field_so_nothing_of_the_entry_it_replaces_survives()
    {
        var key = Key("replace");
        var grain = cluster.GrainFor(key);
        await grain.Set(key, Bytes("first"));
        var typed = await grain.Set(key, Bytes("typed") with
        {
            ContentType = "text/plain",
            Expiration = new CacheExpiration { SlidingExpiration = TimeSpan.FromMinutes(10) },
        });
        Assert.Equal(CacheWriteStatus.Replaced, typed.Status);
        var hash = await HashOf(key);
        Assert.Equal("text/plain", hash["t"].ToString());
        Assert.Equal(600_000, (long)hash["s"]);

        var plain = await grain.Set(key, Bytes("plain again"));
        Assert.Equal(CacheWriteStatus.Replaced, plain.Status);
        hash = await HashOf(key);
        Assert.Equal(DefaultType, hash["t"].ToString());
        Assert.Equal(0, (long)hash["s"]);
        Assert.Equal(0, (long)hash["a"]);
        Assert.Null(await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(key)));
    }

    [Fact]
    public async Task An_increment_of_an_entry_stored_with_default_fields_keeps_the_defaults()
    {
        var key = Key("counter");
        var grain = cluster.GrainFor(key);
        await grain.Set(key, Bytes("41"));

        var incremented = await grain.Increment(key, 1);

        Assert.Equal(CacheIncrementStatus.Incremented, incremented.Status);
        Assert.Equal(42, incremented.Value);
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var read = await grain.Get(key);
        Assert.Equal("42", Encoding.UTF8.GetString(read.Value!));
        Assert.Equal(DefaultType, read.ContentType);
        Assert.Equal(incremented.Version, read.Version);
    }

    [Fact]
    public async Task Writes_with_conditions_and_expiries_in_one_batch_are_each_judged_on_their_own()
    {
        var (casKey, lostKey, absentKey, pastKey) = (Key("cas"), Key("lost"), Key("absent"), Key("past"));
        var cas = await cluster.GrainFor(casKey).Set(casKey, Bytes("cas"));
        var lost = await cluster.GrainFor(lostKey).Set(lostKey, Bytes("lost"));
        var window = TimeSpan.FromMinutes(10);
        var requests = new List<(string Key, CacheSetRequest Request)>
        {
            (casKey, Bytes("cas 2") with
            {
                Condition = CacheWriteCondition.IfVersion,
                ExpectedVersion = cas.Version,
                Expiration = new CacheExpiration { SlidingExpiration = window },
            }),
            (lostKey, Bytes("lost 2") with { Condition = CacheWriteCondition.IfVersion, ExpectedVersion = lost.Version - 1 }),
            (absentKey, Bytes("absent") with
            {
                Condition = CacheWriteCondition.IfAbsent,
                Expiration = new CacheExpiration { AbsoluteExpiration = DateTimeOffset.UtcNow + window },
            }),
            (pastKey, Bytes("past") with { Expiration = new CacheExpiration { AbsoluteExpiration = DateTimeOffset.UnixEpoch.AddDays(-1) } }),
        };
        requests.AddRange(Enumerable.Range(0, 32).Select(i => Key($"plain{i}")).Select(k => (k, Bytes(k))));

        // Sent together, so the silos' group commit puts them in batches with one another.
        var results = await Task.WhenAll(requests.Select(r => cluster.GrainFor(r.Key).Set(r.Key, r.Request).AsTask()));

        Assert.Equal(CacheWriteStatus.Replaced, results[0].Status);
        Assert.Equal(600_000, (long)(await HashOf(casKey))["s"]);
        Assert.InRange((await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(casKey)))!.Value, window, window * 1.5);
        Assert.Equal(CacheWriteStatus.PreconditionFailed, results[1].Status);
        Assert.Equal(lost.Version, results[1].Version);
        Assert.Equal("lost", (await HashOf(lostKey))["v"].ToString());
        Assert.Equal(CacheWriteStatus.Created, results[2].Status);
        Assert.InRange((await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(absentKey)))!.Value, window - TimeSpan.FromMinutes(1), window);
        Assert.Equal(CacheWriteStatus.Created, results[3].Status);
        Assert.False(await cluster.Redis.Database.KeyExistsAsync(cluster.RedisKeyOf(pastKey)));
        Assert.Equal(CacheReadStatus.Miss, (await cluster.GrainFor(pastKey).Get(pastKey)).Status);
        Assert.All(results.Skip(4), r => Assert.Equal(CacheWriteStatus.Created, r.Status));
    }

    [Fact]
    public async Task A_hash_whose_fields_are_not_numbers_fails_its_own_write_alone_while_the_rest_of_the_batch_lands()
    {
        var (badVersion, badWindow) = (Key("bad-version"), Key("bad-window"));
        await cluster.Redis.Database.HashSetAsync(cluster.RedisKeyOf(badVersion), [new("v", "theirs"), new("n", "abc")]);
        await cluster.Redis.Database.HashSetAsync(cluster.RedisKeyOf(badWindow), [new("v", "theirs"), new("n", "5"), new("s", "soon")]);
        var others = Enumerable.Range(0, 62).Select(i => Key($"beside{i}")).ToList();
        var keys = others.Prepend(badWindow).Prepend(badVersion).ToList();

        // Sent together, so the silos' group commit puts the malformed hashes in batches with sound writes.
        var results = await Task.WhenAll(keys.Select(k => cluster.GrainFor(k).Set(k, Bytes(k)).AsTask()));

        Assert.Equal(CacheWriteStatus.Unavailable, results[0].Status);
        Assert.Equal(CacheWriteStatus.Unavailable, results[1].Status);
        Assert.Equal("theirs", (await HashOf(badVersion))["v"].ToString());
        Assert.Equal("theirs", (await HashOf(badWindow))["v"].ToString());
        Assert.All(results.Skip(2), r => Assert.Equal(CacheWriteStatus.Created, r.Status));
        foreach (var key in others)
        {
            Assert.Equal(key, (string?)await cluster.Redis.Database.HashGetAsync(cluster.RedisKeyOf(key), "v"));
            Assert.Equal(CacheReadStatus.Hit, (await cluster.GrainFor(key).Get(key)).Status);
        }
    }

    [Fact]
    public async Task An_entry_written_without_a_content_type_reads_back_from_redis_with_the_default()
    {
        var key = Key("no-type");
        var grain = cluster.GrainFor(key);
        Assert.Equal(CacheWriteStatus.Created, (await grain.Set(key, Bytes("x") with { ContentType = "" })).Status);
        Assert.Equal(DefaultType, (await grain.Get(key)).ContentType);

        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(DefaultType, (await grain.Get(key)).ContentType);
    }
}

using System.Text;
using GrainSystem.Abstractions.Caching;
using Orleans.Core.Internal;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>
/// The silo's group commit: writes of many partitions in one script call, each partition's writes fenced by its own epoch,
/// and what a write stores in Redis.
/// </summary>
public sealed class CacheWriteBatchTests(CacheLongLeaseCluster cluster) : IClassFixture<CacheLongLeaseCluster>
{
    private const string DefaultType = "application/octet-stream";

    private static string Key(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static CacheSetRequest Bytes(string value) => new() { Value = Encoding.UTF8.GetBytes(value) };

    private static int PartitionOf(string key) => CachePartitioner.PartitionOf(key, CacheProcessCluster.PartitionCount);

    [Fact]
    public async Task A_superseded_activations_write_is_refused_by_its_epoch_while_the_other_partitions_writes_of_the_batch_land()
    {
        for (var round = 0; round < 2; round++)
        {
            var stale = Key("stale");
            var mine = await cluster.GrainFor(stale).Set(stale, Bytes("mine"));

            // Another activation took the partition over (its lease waited out); this activation confirms its own only every
            // 10 s, so its next write is judged by the fence alone.
            await cluster.SupersedeAsync(stale, leaseWaitedOut: true);
            var others = Enumerable.Range(0, 200).Select(i => Key($"batch{i}")).Where(k => PartitionOf(k) != PartitionOf(stale)).Take(63).ToList();

            // Sent together, so the silos' group commit puts the refused write in a call with the others.
            var results = await Task.WhenAll(others.Prepend(stale).Select(k => cluster.GrainFor(k).Set(k, Bytes(k)).AsTask()));

            Assert.Equal(CacheWriteStatus.Unavailable, results[0].Status);
            Assert.Equal("mine", (await cluster.StoredAsync(stale))!.Text);
            Assert.All(results.Skip(1), r => Assert.Equal(CacheWriteStatus.Created, r.Status));
            foreach (var key in others)
            {
                Assert.Equal(key, (await cluster.StoredAsync(key))!.Text);
            }

            // The refused activation deactivated at once: the next write is the successor's, above every earlier version.
            var again = await cluster.GrainFor(stale).Set(stale, Bytes("again"));
            Assert.Equal(CacheWriteStatus.Replaced, again.Status);
            Assert.True(again.Version > mine.Version);
            Assert.Equal("again", (await cluster.StoredAsync(stale))!.Text);
        }
    }

    [Fact]
    public async Task A_new_entry_with_default_fields_is_stored_as_its_header_and_value_and_reads_back_with_the_defaults()
    {
        var key = Key("defaults");
        var grain = cluster.GrainFor(key);
        var written = await grain.Set(key, Bytes("plain"));
        Assert.Equal(CacheWriteStatus.Created, written.Status);
        Assert.Equal(24 + 5, (await cluster.Redis.Database.StringLengthAsync(cluster.RedisKeyOf(key))));
        var stored = (await cluster.StoredAsync(key))!;
        Assert.Equal((written.Version, 0L, 0u, DefaultType, "plain"), (stored.Version, stored.AbsoluteMs, stored.SlidingMs, stored.ContentType, stored.Text));
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
        var stored = (await cluster.StoredAsync(key))!;
        Assert.Equal("text/plain", stored.ContentType);
        Assert.Equal(600_000u, stored.SlidingMs);

        var plain = await grain.Set(key, Bytes("plain again"));
        Assert.Equal(CacheWriteStatus.Replaced, plain.Status);
        stored = (await cluster.StoredAsync(key))!;
        Assert.Equal(DefaultType, stored.ContentType);
        Assert.Equal(0u, stored.SlidingMs);
        Assert.Equal(0, stored.AbsoluteMs);
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
        Assert.Equal(600_000u, (await cluster.StoredAsync(casKey))!.SlidingMs);
        Assert.InRange((await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(casKey)))!.Value, window, window * 1.5);
        Assert.Equal(CacheWriteStatus.PreconditionFailed, results[1].Status);
        Assert.Equal(lost.Version, results[1].Version);
        Assert.Equal("lost", (await cluster.StoredAsync(lostKey))!.Text);
        Assert.Equal(CacheWriteStatus.Created, results[2].Status);
        Assert.InRange((await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(absentKey)))!.Value, window - TimeSpan.FromMinutes(1), window);
        Assert.Equal(CacheWriteStatus.Created, results[3].Status);
        Assert.False(await cluster.Redis.Database.KeyExistsAsync(cluster.RedisKeyOf(pastKey)));
        Assert.Equal(CacheReadStatus.Miss, (await cluster.GrainFor(pastKey).Get(pastKey)).Status);
        Assert.All(results.Skip(4), r => Assert.Equal(CacheWriteStatus.Created, r.Status));
    }

    [Fact]
    public async Task New_keys_and_keys_only_redis_holds_written_in_one_batch_answer_created_and_replaced_each_and_all_land()
    {
        // Keys Redis holds but no partition's memory: each unconditional write asks Redis whether it replaced a live entry.
        var held = Enumerable.Range(0, 8).Select(i => Key($"held{i}")).ToList();
        foreach (var key in held)
        {
            await cluster.PlantAsync(key, StoredEntry.Of("old", version: 1));
        }

        var fresh = Enumerable.Range(0, 56).Select(i => Key($"fresh{i}")).ToList();
        var keys = held.Concat(fresh).OrderBy(_ => Random.Shared.Next()).ToList();

        // Sent together, so the silos' group commit mixes new keys and held keys in its calls.
        var results = await Task.WhenAll(keys.Select(k => cluster.GrainFor(k).Set(k, Bytes(k)).AsTask()));

        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(held.Contains(keys[i]) ? CacheWriteStatus.Replaced : CacheWriteStatus.Created, results[i].Status);
            Assert.Equal(keys[i], (await cluster.StoredAsync(keys[i]))!.Text);
        }
    }

    [Fact]
    public async Task A_value_not_in_the_cache_layout_fails_its_own_conditional_write_alone_while_the_rest_of_the_batch_lands()
    {
        var (badFormat, truncated) = (Key("bad-format"), Key("truncated"));
        var malformed = StoredEntry.Of("theirs", 5).Encode();
        malformed[0] = 9;
        await cluster.Redis.Database.StringSetAsync(cluster.RedisKeyOf(badFormat), malformed);
        await cluster.Redis.Database.StringSetAsync(cluster.RedisKeyOf(truncated), StoredEntry.Of("theirs", 5).Encode()[..20]);
        var others = Enumerable.Range(0, 62).Select(i => Key($"beside{i}")).ToList();

        // A write only if absent must read what is there first; sent together, so the silos' group commit puts the
        // malformed values' partitions in calls with sound writes.
        var results = await Task.WhenAll(others.Prepend(truncated).Prepend(badFormat).Select((k, i) =>
            cluster.GrainFor(k).Set(k, Bytes(k) with { Condition = i < 2 ? CacheWriteCondition.IfAbsent : CacheWriteCondition.None }).AsTask()));

        Assert.Equal(CacheWriteStatus.Unavailable, results[0].Status);
        Assert.Equal(CacheWriteStatus.Unavailable, results[1].Status);
        Assert.Equal(9, ((byte[])(await cluster.Redis.Database.StringGetAsync(cluster.RedisKeyOf(badFormat)))!)[0]);
        Assert.Equal(20, await cluster.Redis.Database.StringLengthAsync(cluster.RedisKeyOf(truncated)));
        Assert.All(results.Skip(2), r => Assert.Equal(CacheWriteStatus.Created, r.Status));
        foreach (var key in others)
        {
            Assert.Equal(key, (await cluster.StoredAsync(key))!.Text);
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

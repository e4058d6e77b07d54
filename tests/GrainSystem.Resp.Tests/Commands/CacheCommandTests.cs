using GrainSystem.Resp.Tests.Support;
using GrainSystem.Testing;
using StackExchange.Redis;

namespace GrainSystem.Resp.Tests.Commands;

/// <summary>The string, key and transaction commands as a client library uses them, in both hosting modes.</summary>
public abstract class CacheCommandTests(RespTarget target)
{
    [Fact]
    public async Task Strings_round_trip_with_options_and_expiry()
    {
        await using var redis = await target.ConnectAsync();
        var db = redis.GetDatabase();
        var key = RespTarget.UniqueKey("str");
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        Assert.True((await db.StringGetAsync(key)).IsNull);
        Assert.True(await db.StringSetAsync(key, bytes));
        Assert.Equal(bytes, (byte[]?)await db.StringGetAsync(key));
        Assert.False(await db.StringSetAsync(key, "x", when: When.NotExists));
        Assert.True(await db.StringSetAsync(key, "y", TimeSpan.FromSeconds(100), When.Exists));
        Assert.InRange((await db.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(100));
        Assert.Equal("y", (string?)await db.StringSetAndGetAsync(key, "z", null, keepTtl: true));
        Assert.InRange((await db.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(100));
        Assert.Equal("z", (string?)await db.StringGetSetAsync(key, "w"));
        Assert.Null(await db.KeyTimeToLiveAsync(key));
        Assert.Equal(1, await db.StringLengthAsync(key));
        Assert.Equal(6, await db.StringAppendAsync(key, "-tail"));
        Assert.Equal("w-tail", (string?)(await db.StringGetWithExpiryAsync(key)).Value);
        Assert.Equal("w-tail", (string?)await db.StringGetSetExpiryAsync(key, TimeSpan.FromMilliseconds(300)));
        await Poll.UntilAsync(async () => !await db.KeyExistsAsync(key), TimeSpan.FromSeconds(10), "the key to expire");
        Assert.True((await db.StringGetAsync(key)).IsNull);
        Assert.True(await db.StringSetAsync(key, "gone"));
        Assert.Equal("gone", (string?)await db.StringGetDeleteAsync(key));
        Assert.False(await db.KeyExistsAsync(key));
    }

    [Fact]
    public async Task Counters_count_and_refuse_what_is_not_an_integer()
    {
        await using var redis = await target.ConnectAsync();
        var db = redis.GetDatabase();
        var key = RespTarget.UniqueKey("count");
        Assert.Equal(1, await db.StringIncrementAsync(key));
        Assert.Equal(11, await db.StringIncrementAsync(key, 10));
        Assert.Equal(8, await db.StringDecrementAsync(key, 3));
        Assert.Equal(7, await db.StringDecrementAsync(key));
        Assert.Equal("7", (string?)await db.StringGetAsync(key));
        await db.StringSetAsync(key, "seven");
        var error = await Assert.ThrowsAsync<RedisServerException>(() => db.StringIncrementAsync(key));
        Assert.Equal("ERR value is not an integer or out of range", error.Message);
        await db.StringSetAsync(key, long.MaxValue.ToString());
        error = await Assert.ThrowsAsync<RedisServerException>(() => db.StringIncrementAsync(key));
        Assert.Equal("ERR increment or decrement would overflow", error.Message);
    }

    [Fact]
    public async Task Keys_expire_persist_and_are_deleted_across_partitions()
    {
        await using var redis = await target.ConnectAsync();
        var db = redis.GetDatabase();
        var keys = Enumerable.Range(0, 8).Select(i => (RedisKey)RespTarget.UniqueKey($"k{i}")).ToArray();
        foreach (var key in keys)
        {
            await db.StringSetAsync(key, "v");
        }

        Assert.Equal(8, await db.KeyExistsAsync(keys));
        Assert.Equal(RedisType.String, await db.KeyTypeAsync(keys[0]));
        Assert.True(await db.KeyExpireAsync(keys[0], TimeSpan.FromSeconds(50)));
        Assert.InRange((await db.KeyTimeToLiveAsync(keys[0]))!.Value, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(50));
        var at = DateTimeOffset.UtcNow.AddMinutes(5);
        Assert.True(await db.KeyExpireAsync(keys[1], at.UtcDateTime));
        Assert.InRange((await db.KeyExpireTimeAsync(keys[1]))!.Value, at.UtcDateTime.AddSeconds(-1), at.UtcDateTime.AddSeconds(1));
        Assert.True(await db.KeyPersistAsync(keys[0]));
        Assert.False(await db.KeyPersistAsync(keys[0]));
        Assert.Null(await db.KeyTimeToLiveAsync(keys[0]));

        var values = await db.StringGetAsync([.. keys, RespTarget.UniqueKey("absent")]);
        Assert.Equal([.. Enumerable.Repeat("v", 8), null], values.Select(v => (string?)v));
        var size = (long)await db.ExecuteAsync("DBSIZE");
        Assert.True(size >= 8, $"DBSIZE {size}");
        Assert.Equal(4, await db.KeyDeleteAsync(keys[..4]));
        Assert.Equal(4, await db.KeyDeleteAsync(keys));
        Assert.Equal(RedisType.None, await db.KeyTypeAsync(keys[0]));
        Assert.Equal(size - 8, (long)await db.ExecuteAsync("DBSIZE"));
    }

    [Fact]
    public async Task MSET_and_transactions_are_atomic_in_a_partition_and_refused_across_partitions()
    {
        await using var redis = await target.ConnectAsync();
        var db = redis.GetDatabase();
        var tag = "{" + Guid.NewGuid().ToString("N") + "}";
        KeyValuePair<RedisKey, RedisValue>[] pairs = [new(tag + "a", "1"), new(tag + "b", "2")];
        Assert.True(await db.StringSetAsync(pairs));
        Assert.False(await db.StringSetAsync([new(tag + "b", "x"), new(tag + "c", "3")], When.NotExists));
        Assert.True((await db.StringGetAsync(tag + "c")).IsNull);

        var spread = Enumerable.Range(0, 16).Select(i => new KeyValuePair<RedisKey, RedisValue>(RespTarget.UniqueKey($"m{i}"), "v")).ToArray();
        var error = await Assert.ThrowsAsync<RedisServerException>(() => db.StringSetAsync(spread));
        Assert.Equal("CROSSSLOT Keys in request don't hash to the same slot", error.Message);

        var transaction = db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(tag + "a", "1"));
        var incremented = transaction.StringIncrementAsync(tag + "a", 5);
        var read = transaction.StringGetAsync(tag + "b");
        Assert.True(await transaction.ExecuteAsync());
        Assert.Equal(6, await incremented);
        Assert.Equal("2", (string?)await read);

        var stale = db.CreateTransaction();
        stale.AddCondition(Condition.StringEqual(tag + "a", "1"));
        _ = stale.StringSetAsync(tag + "a", "never");
        Assert.False(await stale.ExecuteAsync());
        Assert.Equal("6", (string?)await db.StringGetAsync(tag + "a"));
    }

    [Fact]
    public async Task WATCH_aborts_EXEC_when_another_connection_changed_the_key()
    {
        var key = "{" + Guid.NewGuid().ToString("N") + "}watched";
        await using var client = await target.ConnectRawAsync();
        await using var other = await target.ConnectRawAsync();
        Assert.Equal("+OK\r\n", (await client.CallAsync("SET", key, "1")).Raw);
        Assert.Equal("+OK\r\n", (await client.CallAsync("WATCH", key)).Raw);
        Assert.Equal(":2\r\n", (await other.CallAsync("INCR", key)).Raw);
        Assert.Equal("+OK\r\n", (await client.CallAsync("MULTI")).Raw);
        Assert.Equal("+QUEUED\r\n", (await client.CallAsync("INCR", key)).Raw);
        Assert.Equal("*-1\r\n", (await client.CallAsync("EXEC")).Raw);
        Assert.Equal("$1\r\n2\r\n", (await client.CallAsync("GET", key)).Raw);

        Assert.Equal("+OK\r\n", (await client.CallAsync("WATCH", key)).Raw);
        Assert.Equal("+OK\r\n", (await client.CallAsync("MULTI")).Raw);
        Assert.Equal("+QUEUED\r\n", (await client.CallAsync("INCR", key)).Raw);
        Assert.Equal("*1\r\n:3\r\n", (await client.CallAsync("EXEC")).Raw);
    }

    [Fact]
    public async Task Pipelined_commands_on_many_partitions_answer_in_order()
    {
        await using var redis = await target.ConnectAsync();
        var db = redis.GetDatabase();
        var prefix = RespTarget.UniqueKey("pipe");
        var batch = db.CreateBatch();
        var sets = Enumerable.Range(0, 200).Select(i => batch.StringSetAsync($"{prefix}:{i}", i)).ToArray();
        var increments = Enumerable.Range(0, 200).Select(i => batch.StringIncrementAsync($"{prefix}:{i}", 1000)).ToArray();
        var pings = batch.PingAsync();
        batch.Execute();
        Assert.All(await Task.WhenAll(sets), Assert.True);
        Assert.Equal(Enumerable.Range(1000, 200).Select(i => (long)i), await Task.WhenAll(increments));
        await pings;
    }

    [Fact]
    public async Task Many_connections_counting_on_one_key_lose_no_increment_and_see_their_own_order()
    {
        var key = RespTarget.UniqueKey("shared-counter");
        const int connections = 16, each = 250;
        var connected = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => target.ConnectAsync()));
        try
        {
            var counts = await Task.WhenAll(connected.Select(async redis =>
            {
                var batch = redis.GetDatabase().CreateBatch();
                var replies = Enumerable.Range(0, each).Select(_ => batch.StringIncrementAsync(key)).ToArray();
                batch.Execute();
                return await Task.WhenAll(replies);
            }));
            Assert.All(counts, c => Assert.True(c.Zip(c.Skip(1)).All(p => p.First < p.Second), "a connection's counts grow"));
            Assert.Equal(connections * each, counts.SelectMany(c => c).Distinct().Count());
            Assert.Equal(connections * each, (long)await connected[0].GetDatabase().StringGetAsync(key));
        }
        finally
        {
            foreach (var redis in connected)
            {
                await redis.DisposeAsync();
            }
        }
    }
}

[Collection(EmbeddedApiCollection.Name)]
public sealed class EmbeddedCacheCommandTests(EmbeddedApi api) : CacheCommandTests(api);

[Collection(ClusterApiCollection.Name)]
public sealed class ClusterCacheCommandTests(ClusterApi api) : CacheCommandTests(api);

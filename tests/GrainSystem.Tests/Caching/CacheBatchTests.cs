using System.Text;
using GrainSystem.Abstractions.Caching;
using Op = GrainSystem.Abstractions.Caching.CacheOperation;

namespace GrainSystem.Tests.Caching;

/// <summary>Batches of operations in one partition: Redis's string semantics, WATCH, and atomicity against other callers.</summary>
[Collection(CacheClusterCollection.Name)]
public sealed class CacheBatchTests(CacheClusterFixture fixture)
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(CacheOperationResult result) => Encoding.UTF8.GetString(result.Value!);

    /// <summary>Keys sharing the hash tag <c>{tag}</c>, so they share a partition.</summary>
    private static (string A, string B, string C) Tagged()
    {
        var tag = Guid.NewGuid().ToString("N");
        return ($"{{{tag}}}:a", $"{{{tag}}}:b", $"{{{tag}}}:c");
    }

    private async Task<CacheOperationResult[]> RunAsync(params Op[] operations)
    {
        var result = await fixture.CacheClient.ExecuteAsync(new CacheBatch { Operations = operations });
        Assert.Equal(CacheBatchStatus.Executed, result.Status);
        return result.Results;
    }

    [Fact]
    public async Task Set_get_and_set_options_follow_redis()
    {
        var (a, b, _) = Tagged();
        var r = await RunAsync(
            Op.Get(a),
            Op.Set(a, Bytes("1")),
            Op.Set(a, Bytes("2"), condition: CacheOperationCondition.IfAbsent),
            Op.Set(b, Bytes("x"), condition: CacheOperationCondition.IfExists),
            Op.Set(a, Bytes("3"), condition: CacheOperationCondition.IfExists, returnPrevious: true),
            Op.Set(b, Bytes("y"), returnPrevious: true),
            Op.Get(a));

        Assert.Equal(CacheOperationStatus.Nil, r[0].Status);
        Assert.Equal(CacheOperationStatus.Ok, r[1].Status);
        Assert.True(r[1].Version > 0);
        Assert.Equal(CacheOperationStatus.Nil, r[2].Status);
        Assert.Equal(CacheOperationStatus.Nil, r[3].Status);
        Assert.Equal("1", Text(r[4]));
        Assert.Null(r[5].Value);
        Assert.Equal("3", Text(r[6]));
        Assert.Equal("application/octet-stream", r[6].ContentType);
        Assert.True(r[6].Version > r[1].Version, "every write takes a new version");
    }

    [Fact]
    public async Task Expiry_options_set_keep_and_remove_the_time_to_live()
    {
        var (a, b, c) = Tagged();
        var at = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeMilliseconds();
        var r = await RunAsync(
            Op.Set(a, Bytes("v"), CacheExpiryMode.After, 60_000),
            Op.TimeToLive(a),
            Op.Set(a, Bytes("w"), CacheExpiryMode.Keep),
            Op.TimeToLive(a),
            Op.Set(a, Bytes("x")),
            Op.TimeToLive(a),
            Op.Set(b, Bytes("v"), CacheExpiryMode.At, at),
            Op.ExpireTime(b),
            Op.TimeToLive(c),
            Op.ExpireTime(c));

        Assert.InRange(r[1].Number, 50_000, 60_000);
        Assert.InRange(r[3].Number, 50_000, 60_000);
        Assert.Equal(-1, r[5].Number);
        Assert.Equal(at, r[7].Number);
        Assert.Equal(-2, r[8].Number);
        Assert.Equal(-2, r[9].Number);
    }

    [Fact]
    public async Task Expire_family_honours_nx_xx_gt_lt_and_a_past_time_deletes()
    {
        var (a, b, _) = Tagged();
        var r = await RunAsync(
            Op.Set(a, Bytes("v")),
            Op.Expire(a, CacheExpiryMode.After, 60_000, CacheOperationCondition.IfExists),
            Op.Expire(a, CacheExpiryMode.After, 60_000, CacheOperationCondition.IfGreater),
            Op.Expire(a, CacheExpiryMode.After, 60_000, CacheOperationCondition.IfLess),
            Op.Expire(a, CacheExpiryMode.After, 120_000, CacheOperationCondition.IfAbsent),
            Op.Expire(a, CacheExpiryMode.After, 120_000, CacheOperationCondition.IfGreater),
            Op.Expire(a, CacheExpiryMode.After, 30_000, CacheOperationCondition.IfLess),
            Op.TimeToLive(a),
            Op.Persist(a),
            Op.Persist(a),
            Op.TimeToLive(a),
            Op.Expire(b, CacheExpiryMode.After, 1000),
            Op.Set(b, Bytes("v")),
            Op.Expire(b, CacheExpiryMode.At, 1),
            Op.Exists(b));

        Assert.Equal(new long[] { 0, 0, 1, 0, 1, 1 }, r[1..7].Select(x => x.Number));
        Assert.InRange(r[7].Number, 20_000, 30_000);
        Assert.Equal(new long[] { 1, 0, -1 }, r[8..11].Select(x => x.Number));
        Assert.Equal(0, r[11].Number);
        Assert.Equal(1, r[13].Number);
        Assert.Equal(0, r[14].Number);
    }

    [Fact]
    public async Task Getdel_getex_append_strlen_incrby_del_exists_and_version()
    {
        var (a, b, c) = Tagged();
        var r = await RunAsync(
            Op.Append(a, Bytes("ab")),
            Op.Append(a, Bytes("cd")),
            Op.Length(a),
            Op.Length(b),
            Op.GetExpire(a, CacheExpiryMode.After, 60_000),
            Op.TimeToLive(a),
            Op.GetExpire(a, CacheExpiryMode.Persist),
            Op.TimeToLive(a),
            Op.GetDelete(a),
            Op.Exists(a),
            Op.Increment(b, 5),
            Op.Increment(b, -7),
            Op.Get(b),
            Op.Version(b),
            Op.Delete(b),
            Op.Delete(b),
            Op.Version(b),
            Op.Set(c, Bytes("text")),
            Op.Increment(c, 1),
            Op.Set(c, Bytes(long.MaxValue.ToString())),
            Op.Increment(c, 1));

        Assert.Equal(new long[] { 2, 4, 4, 0 }, r[0..4].Select(x => x.Number));
        Assert.Equal("abcd", Text(r[4]));
        Assert.InRange(r[5].Number, 50_000, 60_000);
        Assert.Equal(-1, r[7].Number);
        Assert.Equal("abcd", Text(r[8]));
        Assert.Equal(0, r[9].Number);
        Assert.Equal(new long[] { 5, -2 }, r[10..12].Select(x => x.Number));
        Assert.Equal("-2", Text(r[12]));
        Assert.Equal(r[11].Version, r[13].Number);
        Assert.Equal(new long[] { 1, 0, 0 }, r[14..17].Select(x => x.Number));
        Assert.Equal(CacheOperationStatus.NotAnInteger, r[18].Status);
        Assert.Equal(CacheOperationStatus.Overflow, r[20].Status);
    }

    [Fact]
    public async Task A_batch_sees_the_same_entries_as_single_key_calls()
    {
        var (a, _, _) = Tagged();
        var written = await fixture.CacheClient.SetAsync(a, CacheTestKeys.Text("41"));
        var r = await RunAsync(Op.Version(a), Op.Increment(a, 1), Op.Get(a));
        Assert.Equal(written.Version, r[0].Number);
        Assert.Equal(42, r[1].Number);
        Assert.Equal("text/plain", r[2].ContentType);

        var read = await fixture.CacheClient.GetAsync(a);
        Assert.Equal("42", Encoding.UTF8.GetString(read.Value!));
        Assert.Equal(r[1].Version, read.Version);
    }

    [Fact]
    public async Task A_watched_key_that_moved_on_aborts_the_whole_batch()
    {
        var (a, b, _) = Tagged();
        var version = (await RunAsync(Op.Set(a, Bytes("1")), Op.Version(a)))[1].Number;
        await fixture.CacheClient.SetAsync(a, CacheTestKeys.Text("2"));

        var aborted = await fixture.CacheClient.ExecuteAsync(new CacheBatch
        {
            Watches = [new CacheWatch(a, version), new CacheWatch(b, 0)],
            Operations = [Op.Set(b, Bytes("x"))],
        });
        Assert.Equal(CacheBatchStatus.Aborted, aborted.Status);
        Assert.Empty(aborted.Results);
        Assert.Equal(CacheReadStatus.Miss, (await fixture.CacheClient.GetAsync(b)).Status);

        var current = (await RunAsync(Op.Version(a)))[0].Number;
        var executed = await fixture.CacheClient.ExecuteAsync(new CacheBatch
        {
            Watches = [new CacheWatch(a, current), new CacheWatch(b, 0)],
            Operations = [Op.Set(b, Bytes("x"))],
        });
        Assert.Equal(CacheBatchStatus.Executed, executed.Status);
    }

    [Fact]
    public async Task Concurrent_transfers_between_two_keys_never_show_a_state_between_their_operations()
    {
        var (a, b, _) = Tagged();
        await RunAsync(Op.Set(a, Bytes("1000")), Op.Set(b, Bytes("0")));

        var transfers = Enumerable.Range(0, 200).Select(_ =>
            fixture.CacheClient.ExecuteAsync(new CacheBatch { Operations = [Op.Increment(a, -1), Op.Increment(b, 1)] }).AsTask());
        var sums = Enumerable.Range(0, 200).Select(async _ =>
        {
            var r = (await fixture.CacheClient.ExecuteAsync(new CacheBatch { Operations = [Op.Get(a), Op.Get(b)] })).Results;
            return long.Parse(Text(r[0])) + long.Parse(Text(r[1]));
        });

        await Task.WhenAll(transfers);
        Assert.All(await Task.WhenAll(sums), sum => Assert.Equal(1000, sum));
        var final = await RunAsync(Op.Get(a), Op.Get(b));
        Assert.Equal(("800", "200"), (Text(final[0]), Text(final[1])));
    }

    [Fact]
    public async Task Keys_of_different_partitions_are_refused_before_anything_is_sent()
    {
        var partitioner = fixture.CacheClient.Partitioner;
        var a = "apart-" + Guid.NewGuid().ToString("N");
        var b = Enumerable.Range(0, 1000).Select(i => $"apart-{i}").First(k => partitioner.PartitionOf(k) != partitioner.PartitionOf(a));
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            fixture.CacheClient.ExecuteAsync(new CacheBatch { Operations = [Op.Set(a, Bytes("1")), Op.Set(b, Bytes("2"))] }).AsTask());
        Assert.Contains("one partition", error.Message, StringComparison.Ordinal);
        Assert.Equal(CacheReadStatus.Miss, (await fixture.CacheClient.GetAsync(a)).Status);
    }

    [Fact]
    public async Task Arguments_redis_would_refuse_are_refused_by_the_partition()
    {
        var (a, _, _) = Tagged();
        var grain = fixture.GrainFor(a);
        await Assert.ThrowsAsync<ArgumentException>(() => grain.Execute(new CacheBatch { Operations = [Op.Set(a, Bytes("v"), CacheExpiryMode.After, 0)] }).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => grain.Execute(new CacheBatch { Operations = [Op.Get(a) with { Condition = CacheOperationCondition.IfAbsent }] }).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => grain.Execute(new CacheBatch { Operations = [Op.Append(a, null!)] }).AsTask());
        Assert.Equal(CacheReadStatus.Miss, (await fixture.CacheClient.GetAsync(a)).Status);
    }

    [Fact]
    public async Task Count_is_the_partitions_live_entries()
    {
        var (a, b, _) = Tagged();
        var partition = fixture.CacheClient.Partitioner.PartitionOf(a);
        var before = await fixture.CacheClient.CountAsync(partition);
        await RunAsync(Op.Set(a, Bytes("1")), Op.Set(b, Bytes("2")), Op.Set(a, Bytes("3")));
        Assert.Equal(before + 2, await fixture.CacheClient.CountAsync(partition));
    }
}

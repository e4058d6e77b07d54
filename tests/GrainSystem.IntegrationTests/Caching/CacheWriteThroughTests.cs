using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Testing;
using Orleans.Core.Internal;

namespace GrainSystem.IntegrationTests.Caching;

public sealed class CacheWriteThroughTests(CacheProcessCluster cluster) : IClassFixture<CacheProcessCluster>
{
    private static string Key(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static ByteArrayContent Text(string value)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        return content;
    }

    [Fact]
    public async Task A_write_is_in_redis_as_one_string_with_its_expiry_before_it_is_acknowledged()
    {
        var key = Key("wt");
        var put = await cluster.Http.PutAsync($"/cache/{key}?ttl=600", Text("stored"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var stored = (await cluster.StoredAsync(key))!;
        Assert.Equal("stored", stored.Text);
        Assert.Equal("text/plain", stored.ContentType);
        Assert.Equal(put.Headers.ETag!.Tag, $"\"{stored.Version}\"");
        var ttl = await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(key));
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(590), TimeSpan.FromSeconds(600));

        // Replaced without a TTL: the Redis copy loses its expiry too.
        Assert.Equal(HttpStatusCode.OK, (await cluster.Http.PutAsync($"/cache/{key}", Text("forever"))).StatusCode);
        Assert.Null(await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(key)));
        Assert.Equal("forever", (await cluster.StoredAsync(key))!.Text);
    }

    [Fact]
    public async Task Sliding_reads_push_a_new_expiry_to_redis_only_once_the_deadline_moved_a_quarter_window()
    {
        var key = Key("sliding");
        var window = TimeSpan.FromSeconds(4);
        var written = DateTimeOffset.UtcNow;
        await cluster.Http.PutAsync($"/cache/{key}?sliding={window.TotalSeconds}", Text("s"));

        // Redis keeps a sliding entry until its deadline plus half a window.
        var initial = (await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(key)))!.Value;
        Assert.InRange(initial, window, window * 1.5);

        // Reads slide the deadline in memory at once, but reach Redis only after a quarter window.
        var pushedAfter = await Poll.UntilAsync(async () =>
        {
            Assert.Equal(HttpStatusCode.OK, (await cluster.Http.GetAsync($"/cache/{key}")).StatusCode);
            var ttl = (await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(key)))!.Value;
            return ttl > initial - (DateTimeOffset.UtcNow - written) + TimeSpan.FromMilliseconds(300);
        }, TimeSpan.FromSeconds(10), "a read to push the moved sliding expiry to Redis", TimeSpan.FromMilliseconds(100));
        Assert.True(DateTimeOffset.UtcNow - written >= window / 4 - TimeSpan.FromMilliseconds(100),
            $"pushed after {pushedAfter.TotalMilliseconds:0} ms, before a quarter window");
        var pushed = (await cluster.Redis.Database.KeyTimeToLiveAsync(cluster.RedisKeyOf(key)))!.Value;
        Assert.InRange(pushed, window, window * 1.5);
    }

    [Fact]
    public async Task Reads_never_return_an_older_version_than_an_acknowledged_write_while_the_partition_reloads_from_redis()
    {
        var key = Key("monotonic");
        var grain = cluster.GrainFor(key);
        long acknowledged = 0;
        var violations = new ConcurrentQueue<string>();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 400; i++)
            {
                var written = await grain.Set(key, new CacheSetRequest { Value = Encoding.UTF8.GetBytes(i.ToString()) });
                Assert.NotEqual(CacheWriteStatus.Unavailable, written.Status);
                Volatile.Write(ref acknowledged, written.Version);
            }
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!writer.IsCompleted)
            {
                var floor = Volatile.Read(ref acknowledged);
                var read = await grain.Get(key);
                if (floor > 0 && (read.Status != CacheReadStatus.Hit || read.Version < floor))
                {
                    violations.Enqueue($"{read.Status} at version {read.Version} after version {floor} was acknowledged");
                }
            }
        })).ToList();

        // Empty the partition's memory a few times while reads and writes run: reads then go through Redis.
        for (var reloads = 0; reloads < 4 && !writer.IsCompleted; reloads++)
        {
            var before = Volatile.Read(ref acknowledged);
            await Poll.UntilAsync(() => writer.IsCompleted || Volatile.Read(ref acknowledged) > before + 30, TimeSpan.FromSeconds(30),
                "more writes to be acknowledged");
            await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        }

        await writer;
        await Task.WhenAll(readers);
        Assert.Empty(violations);
        Assert.Equal("399", Encoding.UTF8.GetString((await grain.Get(key)).Value!));
    }

    [Fact]
    public async Task No_read_is_served_from_an_activations_memory_once_its_lease_could_have_lapsed_after_a_successor_took_over()
    {
        var key = Key("lease");
        var put = await cluster.Http.PutAsync($"/cache/{key}", Text("mine"));
        var version = long.Parse(put.Headers.ETag!.Tag.Trim('"'));

        // A successor took the partition and wrote "theirs"; the old activation's memory still holds "mine", which it may
        // serve only until the lease it last confirmed before the takeover lapses (2 s by default).
        await cluster.PlantAsync(key, StoredEntry.Of("theirs", version + 1_000));
        await cluster.SupersedeAsync(key);
        var takeover = Stopwatch.StartNew();
        var lease = TimeSpan.FromSeconds(2);

        var late = new List<string>();
        var sawTheirs = false;
        await Poll.UntilAsync(async () =>
        {
            var invoked = takeover.Elapsed;
            var response = await cluster.Http.GetAsync($"/cache/{key}");
            var body = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : $"{(int)response.StatusCode}";
            if (body == "mine" && (invoked > lease || sawTheirs))
            {
                late.Add($"'mine' to a read sent {invoked.TotalMilliseconds:0} ms after the takeover");
            }

            sawTheirs |= body == "theirs";
            return sawTheirs && invoked > lease * 2;
        }, TimeSpan.FromSeconds(30), "reads to reach the successor and run past two leases", TimeSpan.FromMilliseconds(20));

        Assert.Empty(late);
    }

    [Fact]
    public async Task A_superseded_activations_compare_and_set_is_refused_and_the_successor_judges_it_by_what_redis_holds()
    {
        var key = Key("stale");
        var put = await cluster.Http.PutAsync($"/cache/{key}", Text("mine"));
        var etag = put.Headers.ETag!;

        // Another activation of the partition (a duplicate during a failover) took it over and wrote a newer version; this
        // activation's memory still holds the old one, whose version the request names.
        var newer = long.Parse(etag.Tag.Trim('"')) + 1_000_000;
        await cluster.PlantAsync(key, StoredEntry.Of("theirs", newer));
        await cluster.SupersedeAsync(key);

        // Refused by the fence (503, nothing changed) until the successor answers, which compares with Redis's version.
        var answers = new List<HttpStatusCode>();
        await Poll.UntilAsync(async () =>
        {
            using var cas = new HttpRequestMessage(HttpMethod.Put, $"/cache/{key}") { Content = Text("lost update") };
            cas.Headers.IfMatch.Add(etag);
            answers.Add((await cluster.Http.SendAsync(cas)).StatusCode);
            return answers[^1] != HttpStatusCode.ServiceUnavailable;
        }, TimeSpan.FromSeconds(30), "the successor to judge the compare-and-set");

        Assert.Equal(HttpStatusCode.PreconditionFailed, answers[^1]);
        Assert.All(answers[..^1], a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a));
        Assert.Equal("theirs", (await cluster.StoredAsync(key))!.Text);
    }

    [Fact]
    public async Task An_increment_after_a_takeover_applies_to_the_value_in_redis_with_a_newer_version()
    {
        var key = Key("stale-counter");
        var first = await cluster.GrainFor(key).Increment(key, 1);
        var newer = first.Version + 1_000_000;
        await cluster.PlantAsync(key, StoredEntry.Of("100", newer));
        await cluster.SupersedeAsync(key);

        // Refused (nothing changed) until the successor answers.
        CacheIncrementResult next = null!;
        await Poll.UntilAsync(async () => (next = await cluster.GrainFor(key).Increment(key, 1)).Status != CacheIncrementStatus.Unavailable,
            TimeSpan.FromSeconds(30), "the successor to apply the increment");

        Assert.Equal(CacheIncrementStatus.Incremented, next.Status);
        Assert.Equal(101, next.Value);
        Assert.True(next.Version > newer, $"version {next.Version} must pass Redis's {newer}");
    }

    [Fact]
    public async Task Evicted_entries_stay_under_the_budget_and_read_back_from_redis()
    {
        var value = new string('e', 1000);
        var keys = Enumerable.Range(0, 3000).Select(i => Key($"evict{i}")).ToList();
        foreach (var chunk in keys.Chunk(100))
        {
            var results = await Task.WhenAll(chunk.Select(k => cluster.GrainFor(k).Set(k, new CacheSetRequest { Value = Encoding.UTF8.GetBytes(value) }).AsTask()));
            Assert.All(results, r => Assert.Equal(CacheWriteStatus.Created, r.Status));
        }

        var stats = await Task.WhenAll(Enumerable.Range(0, CacheProcessCluster.PartitionCount)
            .Select(p => cluster.Client.GetGrain<ICacheGrain>(p).GetStats()));
        Assert.All(stats, s => Assert.True(s.SiloBytes <= s.SiloBudgetBytes, $"{s.SiloBytes} > {s.SiloBudgetBytes}"));
        Assert.True(stats.Sum(s => s.Entries) < keys.Count, "some entries were evicted from memory");

        foreach (var chunk in keys.Chunk(100))
        {
            var reads = await Task.WhenAll(chunk.Select(k => cluster.GrainFor(k).Get(k).AsTask()));
            Assert.All(reads, r => Assert.Equal(CacheReadStatus.Hit, r.Status));
        }
    }

    [Fact]
    public async Task A_write_redis_refuses_is_503_and_leaves_the_old_value()
    {
        var key = Key("refused");
        await cluster.Http.PutAsync($"/cache/{key}", Text("old"));
        var server = cluster.Redis.Connection.GetServer(cluster.Redis.Connection.GetEndPoints()[0]);
        await server.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "noeviction");
        await server.ExecuteAsync("CONFIG", "SET", "maxmemory", "1");
        HttpResponseMessage refused;
        try
        {
            refused = await cluster.Http.PutAsync($"/cache/{key}", Text("new"));
        }
        finally
        {
            await server.ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("old", await cluster.Http.GetStringAsync($"/cache/{key}"));
    }

    [Fact]
    public async Task A_batchs_writes_are_stored_before_it_answers_and_read_back_after_the_partition_reloads()
    {
        var tag = Guid.NewGuid().ToString("N");
        var (a, b, c) = ($"{{{tag}}}:a", $"{{{tag}}}:b", $"{{{tag}}}:c");
        var grain = cluster.GrainFor(a);
        await grain.Set(c, new CacheSetRequest { Value = "gone"u8.ToArray() });

        var written = await grain.Execute(new CacheBatch
        {
            Operations =
            [
                CacheOperation.Set(a, "1"u8.ToArray(), CacheExpiryMode.After, 600_000),
                CacheOperation.Increment(b, 41),
                CacheOperation.Increment(b, 1),
                CacheOperation.Delete(c),
            ],
        });
        Assert.Equal(CacheBatchStatus.Executed, written.Status);

        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var read = await grain.Execute(new CacheBatch
        {
            Operations = [CacheOperation.Get(a), CacheOperation.TimeToLive(a), CacheOperation.Get(b), CacheOperation.Exists(c)],
        });
        Assert.Equal("1", Encoding.UTF8.GetString(read.Results[0].Value!));
        Assert.InRange(read.Results[1].Number, 500_000, 600_000);
        Assert.Equal("42", Encoding.UTF8.GetString(read.Results[2].Value!));
        Assert.Equal(written.Results[2].Version, read.Results[2].Version);
        Assert.Equal(0, read.Results[3].Number);
    }

    [Fact]
    public async Task An_increment_retried_with_its_idempotency_key_on_a_new_activation_answers_the_first_outcome_from_redis()
    {
        var key = Key("idempotent");
        var grain = cluster.GrainFor(key);
        var first = await grain.IncrementOnce(key, 3, "once");
        Assert.Equal(CacheIncrementStatus.Incremented, first.Status);

        // The record was stored with the counter, in the same write, and expires with the retention (10 minutes by default).
        var record = $"{cluster.ServiceId}:cache-meta:idempotency:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key + "\n" + "once")))}";
        Assert.InRange((await cluster.Redis.Database.KeyTimeToLiveAsync(record))!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));

        // A new activation knows nothing in memory: the retry finds the record in Redis and changes nothing.
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(first, await grain.IncrementOnce(key, 3, "once"));
        Assert.Equal(CacheIncrementStatus.IdempotencyKeyReused, (await grain.IncrementOnce(key, 4, "once")).Status);
        Assert.Equal("3", (await cluster.StoredAsync(key))!.Text);
        Assert.Equal(first.Version, (await cluster.StoredAsync(key))!.Version);
    }

    [Fact]
    public async Task An_increment_refused_as_no_counter_is_remembered_in_redis_and_a_retry_on_a_new_activation_gets_the_same_refusal()
    {
        var key = Key("idempotent-409");
        var grain = cluster.GrainFor(key);
        var text = await grain.Set(key, new CacheSetRequest { Value = "forty-two"u8.ToArray(), ContentType = "text/plain" });
        var first = await grain.IncrementOnce(key, 1, "once");
        Assert.Equal((CacheIncrementStatus.NotAnInteger, text.Version), (first.Status, first.Version));

        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await grain.Set(key, new CacheSetRequest { Value = "5"u8.ToArray(), ContentType = "text/plain" });
        Assert.Equal(first, await grain.IncrementOnce(key, 1, "once"));
        Assert.Equal("5", (await cluster.StoredAsync(key))!.Text);
    }

    [Fact]
    public async Task Concurrent_increments_of_one_key_share_redis_calls_each_with_its_own_answer_and_record()
    {
        var key = Key("batched");
        var grain = cluster.GrainFor(key);
        var calls = await WriteCallsAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => grain.IncrementOnce(key, 1, $"k{i}").AsTask()));
        var used = await WriteCallsAsync() - calls;

        Assert.All(results, r => Assert.Equal(CacheIncrementStatus.Incremented, r.Status));
        Assert.Equal(Enumerable.Range(1, 400).Select(v => (long)v), results.Select(r => r.Value).Order());
        Assert.True(used <= 40, $"400 increments of one key took {used} write calls");

        // Every answer was stored with its record: retries on a new activation get each its own first outcome.
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(results, await Task.WhenAll(Enumerable.Range(0, 400).Select(i => grain.IncrementOnce(key, 1, $"k{i}").AsTask())));
        Assert.Equal("400", (await cluster.StoredAsync(key))!.Text);
    }

    /// <summary>Script calls Redis ran so far (every write-through write is one).</summary>
    private async Task<long> WriteCallsAsync()
    {
        var stats = (await cluster.Redis.Server.InfoAsync("commandstats")).SelectMany(g => g)
            .Where(p => p.Key is "cmdstat_evalsha" or "cmdstat_eval");
        return stats.Sum(p => long.Parse(p.Value.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}

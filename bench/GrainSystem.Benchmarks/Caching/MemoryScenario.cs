using System.Diagnostics;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Benchmarks.Suite;
using GrainSystem.Client.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// <c>memory</c>: managed heap per cached 100-byte key at 1,000,000 keys in a co-hosted silo (embedded mode), beside Redis's
/// <c>used_memory</c> per key for the same keys and values; and the memory bound of the API process: with
/// <c>Cache__MaxMemoryMB=32</c>, how much its resident memory grows while 256 MiB of 64 KiB values are written to it.
/// One measurement each (what they measure does not move with the machine's load).
/// </summary>
public sealed class MemoryScenario : IScenario
{
    private const int BoundMB = 32;

    public string Name => "memory";

    public int Order => 0;

    public async Task RunAsync(ScenarioContext context)
    {
        await PerKeyAsync(context);
        await BoundAsync(context);
    }

    private static async Task PerKeyAsync(ScenarioContext context)
    {
        var keys = context.Settings.Pick(smoke: 20_000, quick: 250_000, full: 1_000_000);
        var cancellationToken = context.CancellationToken;
        var value = new byte[100];
        Random.Shared.NextBytes(value);

        await using var silo = await CoHostedSilo.StartAsync(CacheScenario.SiloSettings(redis: null, maxMemoryMB: 4096), cancellationToken);
        var cache = silo.Services.GetRequiredService<ICacheClient>();
        var request = new CacheSetRequest { Value = value };

        // Activate every partition and settle the runtime before the first heap reading.
        await LoadRunner.RunAsync(64, 10_000, i => cache.GetAsync("warm:" + i).AsTask(), cancellationToken);
        var heapBefore = SettledHeap();
        context.Progress($"{keys:N0} keys into the silo");
        var cpuBefore = context.Cpu.Read();
        await LoadRunner.RunAsync(64, keys, i => cache.SetAsync(KeyOf(i), request).AsTask(), cancellationToken);
        var productCpu = CpuMeter.Spent(cpuBefore, context.Cpu.Read()).Values.Sum() / keys;
        var productPerKey = (double)(SettledHeap() - heapBefore) / keys;
        await silo.StopAsync();

        context.Progress($"{keys:N0} keys into redis-server");
        await using var redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        using var watch = context.Cpu.Watch("redis-server", redis.Pid);
        var database = redis.Connection.GetDatabase();
        var redisBefore = await UsedMemoryAsync(redis);
        cpuBefore = context.Cpu.Read();
        for (var start = 0; start < keys; start += 1000)
        {
            await database.StringSetAsync(Enumerable.Range(start, Math.Min(1000, keys - start))
                .Select(i => new KeyValuePair<RedisKey, RedisValue>(KeyOf(i), value)).ToArray());
        }

        var redisCpu = CpuMeter.Spent(cpuBefore, context.Cpu.Read()).Values.Sum() / keys;
        var redisPerKey = (double)(await UsedMemoryAsync(redis) - redisBefore) / keys;
        context.Add("memory.per-key", $"cache memory per 100-byte key at {keys:N0} keys", "B/key", Stat.Of([productPerKey]), productCpu,
            "Redis used_memory", Stat.Of([redisPerKey]), redisCpu, Stat.Of([productPerKey / redisPerKey]));
        context.Note($"per key: the silo's GC heap after a full compacting collection, after minus before {keys:N0} writes of 11-character keys " +
            $"and 100-byte values ({cache.Partitioner.Partitions} partitions; spare dictionary capacity included); Redis: INFO used_memory after " +
            "minus before the same keys (written by MSET, 1,000 a command). CPU/op: writing them.");
    }

    private static async Task BoundAsync(ScenarioContext context)
    {
        var count = context.Settings.Pick(smoke: 64, quick: 4096, full: 4096);
        var value = new byte[64 * 1024];
        Random.Shared.NextBytes(value);
        await using var api = await ApiUnderTest.StartAsync(context, new Dictionary<string, string?> { ["Cache__MaxMemoryMB"] = $"{BoundMB}" });
        using var http = new HttpCacheClient(api.Address, 8);
        await http.PutAsync("warm", value, context.CancellationToken);
        context.Progress($"{count:N0} values of 64 KiB into the API, Cache__MaxMemoryMB={BoundMB}");
        var (before, _) = api.Memory();
        var cpuBefore = context.Cpu.Read();
        var clock = Stopwatch.StartNew();
        var written = await LoadRunner.RunAsync(8, count, i => http.PutAsync("bound:" + i, value, context.CancellationToken), static ok => ok,
            context.CancellationToken);
        var cpu = CpuMeter.Spent(cpuBefore, context.Cpu.Read()).Values.Sum() / count;
        var elapsed = clock.Elapsed.TotalSeconds;
        var (after, peak) = api.Memory();
        context.Add("memory.bound", $"API resident memory growth writing {count * 64 / 1024} MiB of 64 KiB values, Cache__MaxMemoryMB={BoundMB}",
            "MiB", Stat.Of([peak - before]), cpu, "—", null, null, null);
        context.Note($"bound: resident memory {before:0} MiB before, {after:0} MiB after, peak {peak:0} MiB (the row: peak − before); " +
            $"{count:N0} PUTs of distinct keys from 8 connections in {elapsed:0.0} s, {written.Failures:N0} refused.");
    }

    /// <summary>Redis's own <c>used_memory</c>, in bytes.</summary>
    private static async Task<long> UsedMemoryAsync(RedisServer redis)
    {
        var info = await redis.Server.InfoAsync("memory");
        return long.Parse(info.SelectMany(g => g).First(p => p.Key == "used_memory").Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string KeyOf(int i) => "key:" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    private static long SettledHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

using GrainSystem.Abstractions.Caching;
using GrainSystem.Client.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// <c>memory</c>: managed heap per cached key after <c>--keys</c> (1,000,000) keys of 100 bytes in a co-hosted
/// silo (embedded mode), beside Redis's <c>used_memory</c> per key for the same keys and values in the same run.
/// </summary>
public sealed class MemoryScenario : IBenchmarkScenario
{
    public string Name => "memory";

    public string Description => "silo heap bytes per cached 100-byte key at 1M keys vs Redis used_memory per key";

    public async Task<BenchmarkReport> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var keys = options.Int("keys", 1_000_000);
        var concurrency = options.Int("concurrency", 64);
        var value = new byte[100];
        Random.Shared.NextBytes(value);
        var report = new BenchmarkReport(Name);

        await using var silo = await CoHostedSilo.StartAsync(CacheScenario.SiloSettings(redis: null, maxMemoryMB: 4096));
        var cache = silo.Services.GetRequiredService<ICacheClient>();
        var request = new CacheSetRequest { Value = value };

        // Activate every partition and settle the runtime before the baseline measurement.
        await LoadRunner.RunAsync(concurrency, 10_000, i => cache.GetAsync("warm:" + i).AsTask(), cancellationToken);
        var heapBefore = SettledHeap();
        await LoadRunner.RunAsync(concurrency, keys, i =>
        {
            var key = KeyOf(i);
            return cache.SetAsync(key, request).AsTask();
        }, cancellationToken);
        var heapAfter = SettledHeap();
        var stats = await Task.WhenAll(Enumerable.Range(0, cache.Partitioner.Partitions)
            .Select(p => silo.Grains.GetGrain<ICacheGrain>(p).GetStats()));
        var entries = stats.Sum(s => s.Entries);

        await using var redis = await RedisServer.StartAsync();
        var database = redis.Connection.GetDatabase();
        var redisBefore = await UsedMemoryAsync(redis);
        const int batch = 1000;
        for (var start = 0; start < keys; start += batch)
        {
            var pending = Enumerable.Range(start, Math.Min(batch, keys - start)).Select(i => database.StringSetAsync(KeyOf(i), value, flags: CommandFlags.None));
            await Task.WhenAll(pending);
        }

        var redisAfter = await UsedMemoryAsync(redis);
        var productPerKey = (double)(heapAfter - heapBefore) / keys;
        var redisPerKey = (double)(redisAfter - redisBefore) / keys;
        report.Add($"bytes per key at {keys:N0} keys", "silo managed heap", productPerKey, "Redis used_memory", redisPerKey, "B/key", higherIsBetter: false);
        report.Notes.Add($"Keys 'key:0000000'… (11 characters), values 100 random bytes; {entries:N0} entries held by the silo's partitions " +
            $"({cache.Partitioner.Partitions} partitions). Silo figure: GC heap after a full blocking compacting collection, " +
            "after minus before the writes (includes the dictionaries' spare capacity). Redis: INFO memory used_memory, after minus before.");
        report.Notes.Add($"Measured on a shared {Environment.ProcessorCount}-core machine.");
        return report;
    }

    /// <summary>Redis's own <c>used_memory</c>, in bytes.</summary>
    private static async Task<long> UsedMemoryAsync(RedisServer redis)
    {
        var info = await redis.Server.InfoAsync("memory");
        return long.Parse(info.SelectMany(g => g).First(p => p.Key == "used_memory").Value);
    }

    private static string KeyOf(int i) => "key:" + i.ToString("D7");

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

using GrainSystem.Abstractions.Caching;
using GrainSystem.Client.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// <c>cache</c>: new-key writes and hot reads through co-hosted grain calls, beside StackExchange.Redis SET/GET
/// against a local redis-server with the same concurrency; once in embedded mode (memory only) and once with
/// write-through to that Redis. Then the same over HTTP (<see cref="HttpCacheRows"/>): the API process beside an ASP.NET Core
/// endpoint on IDistributedCache over Redis. Product and baseline alternate, <c>--rounds</c> times; the best round counts.
/// </summary>
public sealed class CacheScenario : IBenchmarkScenario
{
    public string Name => "cache";

    public string Description => "cache writes/reads via co-hosted grain calls (embedded and write-through) vs StackExchange.Redis SET/GET, " +
        "and via the API over HTTP vs ASP.NET Core + IDistributedCache on Redis";

    public async Task<BenchmarkReport> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var concurrency = options.Int("concurrency", 64);
        var writes = options.Int("writes", 200_000);
        var reads = options.Int("reads", 400_000);
        var rounds = options.Int("rounds", 2);
        var hotKeys = 10_000;
        var value = new byte[100];
        Random.Shared.NextBytes(value);
        var report = new BenchmarkReport(Name);

        await using var redis = await RedisServer.StartAsync();
        var database = redis.Connection.GetDatabase();

        // The second baseline: one connection per caller with one command in flight each (redis-benchmark style,
        // no pipelining), where the first shares one multiplexer among all callers (how .NET apps use Redis).
        var connections = new List<ConnectionMultiplexer>();
        for (var i = 0; i < concurrency; i++)
        {
            connections.Add(await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString));
        }

        var perCaller = connections.Select(c => c.GetDatabase()).ToArray();

        var readsNotHit = 0L;
        var writesNotStored = 0L;
        var baselineFailures = 0L;
        foreach (var writeThrough in new[] { false, true })
        {
            await using var silo = await CoHostedSilo.StartAsync(SiloSettings(writeThrough ? redis.ConnectionString : null));
            var cache = silo.Services.GetRequiredService<ICacheClient>();
            var mode = writeThrough ? "write-through" : "embedded";
            double bestWrite = 0, bestRead = 0, bestSet = 0, bestGet = 0, bestSetUnpipelined = 0, bestGetUnpipelined = 0, toolSet = 0, toolGet = 0;

            // Product over the one-multiplexer baseline run right after it in the same round: a slow spell of the shared
            // machine then weighs on both sides of a ratio, where the best rounds of each side may come from different spells.
            var writeRatios = new List<double>();
            var readRatios = new List<double>();

            // One unmeasured pass of every path at half the counts, so the first measured round of neither side pays
            // for just-in-time compilation and tiering, which take longer for the larger grain call path.
            await WarmUpAsync($"{mode}:warm:", writes / 2, reads / 2);
            for (var round = 0; round < rounds; round++)
            {
                var prefix = $"{mode}:{round}:";
                var request = new CacheSetRequest { Value = value };
                var written = await LoadRunner.RunAsync(concurrency, writes, i =>
                {
                    var key = prefix + i;
                    return cache.SetAsync(key, request);
                }, static r => r.Status is CacheWriteStatus.Created or CacheWriteStatus.Replaced, cancellationToken);
                writesNotStored += written.Failures;
                bestWrite = Math.Max(bestWrite, written.Rate);
                var set = await LoadRunner.RunAsync(concurrency, writes,
                    i => new ValueTask<bool>(database.StringSetAsync("redis:" + prefix + i, value)), static ok => ok, cancellationToken);
                bestSet = Math.Max(bestSet, set.Rate);
                writeRatios.Add(written.Rate / set.Rate);
                var setUnpipelined = await LoadRunner.RunPerCallerAsync(concurrency, writes,
                    (caller, i) => new ValueTask<bool>(perCaller[caller].StringSetAsync("redis1:" + prefix + i, value)), static ok => ok, cancellationToken);
                bestSetUnpipelined = Math.Max(bestSetUnpipelined, setUnpipelined.Rate);
                baselineFailures += set.Failures + setUnpipelined.Failures;

                var hot = Enumerable.Range(0, hotKeys).Select(i => prefix + i).ToArray();
                var redisHot = hot.Select(k => (RedisKey)("redis:" + k)).ToArray();
                var read = await LoadRunner.RunAsync(concurrency, reads, i =>
                {
                    var key = hot[i % hotKeys];
                    return cache.GetAsync(key);
                }, static r => r.Status == CacheReadStatus.Hit, cancellationToken);
                readsNotHit += read.Failures;
                bestRead = Math.Max(bestRead, read.Rate);
                if (await RedisBenchmarkTool.RunAsync(redis.Port, concurrency, writes, cancellationToken) is { } tool)
                {
                    toolSet = Math.Max(toolSet, tool.Set);
                    toolGet = Math.Max(toolGet, tool.Get);
                }

                var get = await LoadRunner.RunAsync(concurrency, reads,
                    i => new ValueTask<RedisValue>(database.StringGetAsync(redisHot[i % hotKeys])), static v => v.HasValue, cancellationToken);
                bestGet = Math.Max(bestGet, get.Rate);
                readRatios.Add(read.Rate / get.Rate);
                var getUnpipelined = await LoadRunner.RunPerCallerAsync(concurrency, reads,
                    (caller, i) => new ValueTask<RedisValue>(perCaller[caller].StringGetAsync(redisHot[i % hotKeys])), static v => v.HasValue, cancellationToken);
                bestGetUnpipelined = Math.Max(bestGetUnpipelined, getUnpipelined.Rate);
                baselineFailures += get.Failures + getUnpipelined.Failures;
            }

            report.Add($"new-key writes ({mode})", "grain Set", bestWrite, "Redis SET, 1 multiplexer", bestSet, "ops/s");
            report.Add($"new-key writes ({mode})", "grain Set", bestWrite, $"Redis SET, {concurrency} connections", bestSetUnpipelined, "ops/s");
            report.Add($"new-key writes ({mode})", "grain Set", bestWrite, $"redis-benchmark SET -c {concurrency}", toolSet, "ops/s");
            report.Add($"hot reads ({mode})", "grain Get", bestRead, "Redis GET, 1 multiplexer", bestGet, "ops/s");
            report.Add($"hot reads ({mode})", "grain Get", bestRead, $"Redis GET, {concurrency} connections", bestGetUnpipelined, "ops/s");
            report.Add($"hot reads ({mode})", "grain Get", bestRead, $"redis-benchmark GET -c {concurrency}", toolGet, "ops/s");
            report.Notes.Add($"{mode}: per-round ratios vs Redis with 1 multiplexer (same round, back to back): writes {Ratios(writeRatios)}; " +
                $"reads {Ratios(readRatios)}.");
            // The silo stops first: with write-through its cluster membership is in this Redis too.
            await silo.StopAsync();
            await redis.Server.FlushAllDatabasesAsync();

            // The same loops, operations and result checks as the measured rounds, so the same code is compiled and tiered.
            async Task WarmUpAsync(string prefix, int count, int readCount)
            {
                var request = new CacheSetRequest { Value = value };
                await LoadRunner.RunAsync(concurrency, count, i =>
                {
                    var key = prefix + i;
                    return cache.SetAsync(key, request);
                }, static r => r.Status is CacheWriteStatus.Created or CacheWriteStatus.Replaced, cancellationToken);
                await LoadRunner.RunAsync(concurrency, count,
                    i => new ValueTask<bool>(database.StringSetAsync("redis:" + prefix + i, value)), static ok => ok, cancellationToken);
                await LoadRunner.RunPerCallerAsync(concurrency, count,
                    (caller, i) => new ValueTask<bool>(perCaller[caller].StringSetAsync("redis1:" + prefix + i, value)), static ok => ok, cancellationToken);
                var hot = Enumerable.Range(0, Math.Min(count, hotKeys)).Select(i => prefix + i).ToArray();
                var redisHot = hot.Select(k => (RedisKey)("redis:" + k)).ToArray();
                await LoadRunner.RunAsync(concurrency, readCount, i =>
                {
                    var key = hot[i % hot.Length];
                    return cache.GetAsync(key);
                }, static r => r.Status == CacheReadStatus.Hit, cancellationToken);
                await LoadRunner.RunAsync(concurrency, readCount,
                    i => new ValueTask<RedisValue>(database.StringGetAsync(redisHot[i % redisHot.Length])), static v => v.HasValue, cancellationToken);
                await LoadRunner.RunPerCallerAsync(concurrency, readCount,
                    (caller, i) => new ValueTask<RedisValue>(perCaller[caller].StringGetAsync(redisHot[i % redisHot.Length])), static v => v.HasValue, cancellationToken);
            }
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        report.Notes.Add($"Product reads that were not hits (not counted in reads/s): {readsNotHit:N0} (every hot key was written in the same round).");
        report.Notes.Add($"Product writes that were not stored (not counted in writes/s): {writesNotStored:N0}. " +
            $"Baseline SETs that failed or GETs that missed (not counted either): {baselineFailures:N0}.");
        report.Notes.Add($"{concurrency} concurrent callers, {writes:N0} writes and {reads:N0} reads of 100-byte values per round, " +
            $"best of {rounds} alternating rounds after one unmeasured warm-up pass of every path at half the counts; hot reads cycle over {hotKeys:N0} keys. Silo co-hosted in the benchmark process " +
            "(calls from its own grain factory); Redis is a local redis-server on loopback, driven by one StackExchange.Redis multiplexer " +
            $"(commands of all callers pipelined on one socket), by {concurrency} multiplexers with one command in flight each, and by redis-benchmark " +
            $"(-c {concurrency} -d 100, unpipelined: the method of published Redis figures).");
        // After the grain rows, so their rounds share the machine with neither the API process nor the baseline's Kestrel.
        await HttpCacheRows.AddAsync(report, options, redis, rounds, cancellationToken);
        report.Notes.Add($"Measured on a shared {Environment.ProcessorCount}-core machine while other work ran: compare ratios, not absolute figures. " +
            $"Garbage collector of the benchmark process (both sides of the grain rows): {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}.");
        return report;
    }

    /// <summary>The co-hosted silo of the cache rows: write-through to <paramref name="redis"/> when given, embedded otherwise.</summary>
    internal static Dictionary<string, string?> SiloSettings(string? redis, int maxMemoryMB = 2048) => new()
    {
        ["Cache:MaxMemoryMB"] = maxMemoryMB.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ConnectionStrings:Redis"] = redis,
    };

    internal static string Ratios(List<double> ratios)
    {
        var median = Statistics.Median(ratios);
        return $"{string.Join(", ", ratios.Select(r => r.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} " +
            $"(median {median.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)})";
    }
}

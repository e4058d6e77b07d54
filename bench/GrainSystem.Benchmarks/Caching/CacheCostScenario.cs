using System.Diagnostics;
using System.Globalization;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Client.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// <c>cache-cost</c>: what one operation of the <c>cache</c> scenario costs, product beside baseline: CPU time of this
/// process and of redis-server, bytes allocated and garbage-collection pause, per operation. On a shared machine these
/// move far less than operations per second, since they do not count the time other work took the cores away.
/// <c>--write-through</c> runs the silo with write-through to the same redis-server.
/// </summary>
public sealed class CacheCostScenario : IBenchmarkScenario
{
    public string Name => "cache-cost";

    public string Description => "CPU, allocation and GC pause per cache operation (co-hosted grain calls vs StackExchange.Redis SET/GET)";

    public async Task<BenchmarkReport> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var concurrency = options.Int("concurrency", 64);
        var writes = options.Int("writes", 200_000);
        var reads = options.Int("reads", 400_000);
        var rounds = options.Int("rounds", 3);
        var writeThrough = options.Flag("write-through");
        var value = new byte[100];
        Random.Shared.NextBytes(value);
        var report = new BenchmarkReport(Name);

        await using var redis = await RedisServer.StartAsync();
        var redisPid = int.Parse((await redis.Server.InfoAsync("server")).SelectMany(g => g).First(p => p.Key == "process_id").Value,
            CultureInfo.InvariantCulture);
        var database = redis.Connection.GetDatabase();
        await using var silo = await CoHostedSilo.StartAsync(CacheScenario.SiloSettings(writeThrough ? redis.ConnectionString : null));
        var cache = silo.Services.GetRequiredService<ICacheClient>();
        var request = new CacheSetRequest { Value = value };
        var mode = writeThrough ? "write-through" : "embedded";
        var costs = new Dictionary<string, List<Cost>>();

        // Round 0 warms up (compilation, tiering) and is not reported.
        for (var round = 0; round <= rounds; round++)
        {
            var prefix = $"{round}:";
            var hot = Enumerable.Range(0, 10_000).Select(i => prefix + i).ToArray();
            var redisHot = hot.Select(k => (RedisKey)("redis:" + k)).ToArray();
            await MeasureAsync("grain Set", writes, () => LoadRunner.RunAsync(concurrency, writes, i =>
            {
                var key = prefix + i;
                return cache.SetAsync(key, request);
            }, static r => r.Status is CacheWriteStatus.Created or CacheWriteStatus.Replaced, cancellationToken));
            await MeasureAsync("Redis SET", writes, () => LoadRunner.RunAsync(concurrency, writes,
                i => new ValueTask<bool>(database.StringSetAsync("redis:" + prefix + i, value)), static ok => ok, cancellationToken));
            await MeasureAsync("grain Get", reads, () => LoadRunner.RunAsync(concurrency, reads, i =>
            {
                var key = hot[i % hot.Length];
                return cache.GetAsync(key);
            }, static r => r.Status == CacheReadStatus.Hit, cancellationToken));
            await MeasureAsync("Redis GET", reads, () => LoadRunner.RunAsync(concurrency, reads,
                i => new ValueTask<RedisValue>(database.StringGetAsync(redisHot[i % redisHot.Length])), static v => v.HasValue, cancellationToken));

            async Task MeasureAsync(string name, int count, Func<Task<LoadResult>> run)
            {
                var before = Cost.Now(redisPid);
                var result = await run();
                var cost = Cost.Now(redisPid).Minus(before, count);
                if (round > 0 && result.Failures == 0)
                {
                    (costs.TryGetValue(name, out var list) ? list : costs[name] = []).Add(cost);
                }
            }
        }

        foreach (var (measure, product, baseline) in new[] { ("new-key write", "grain Set", "Redis SET"), ("hot read", "grain Get", "Redis GET") })
        {
            if (!costs.ContainsKey(product) || !costs.ContainsKey(baseline))
            {
                continue;
            }

            var (p, b) = (Cost.Median(costs[product]), Cost.Median(costs[baseline]));
            Add($"{measure} ({mode}): CPU, both processes", product, p.ProcessUs + p.RedisUs, baseline, b.ProcessUs + b.RedisUs, "µs/op");
            if (writeThrough && product == "grain Set")
            {
                Add($"{measure} ({mode}): CPU of redis-server", product, p.RedisUs, baseline, b.RedisUs, "µs/op");
            }

            Add($"{measure} ({mode}): allocated", product, p.AllocatedBytes, baseline, b.AllocatedBytes, "B/op");
            Add($"{measure} ({mode}): GC pause", product, p.PauseUs, baseline, b.PauseUs, "µs/op");
        }

        // A zero has no ratio (and no JSON number for it): such a figure goes to the notes.
        void Add(string measure, string product, double productValue, string baseline, double baselineValue, string unit)
        {
            if (productValue > 0 && baselineValue > 0)
            {
                report.Add(measure, product, productValue, baseline, baselineValue, unit, higherIsBetter: false);
            }
            else
            {
                report.Notes.Add($"{measure}: {product} {productValue:0.00} {unit}, {baseline} {baselineValue:0.00} {unit}.");
            }
        }

        report.Notes.Add($"Medians of {rounds} rounds after one warm-up round; {concurrency} concurrent callers, {writes:N0} new-key writes and " +
            $"{reads:N0} hot reads (10,000 keys) of 100-byte values per round, the loops of the cache scenario. CPU: user + system time of this " +
            "process and of redis-server. GC pause: total pause time of this process per operation (every thread stops).");
        report.Notes.Add($"Garbage collector: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}. Measured on a shared " +
            $"{Environment.ProcessorCount}-core machine.");
        return report;
    }

    /// <summary>Costs per operation; as an absolute reading, totals since the process started.</summary>
    private readonly record struct Cost(double ProcessUs, double RedisUs, double AllocatedBytes, double PauseUs)
    {
        public static Cost Now(int redisPid)
        {
            // utime and stime of /proc/<pid>/stat, in clock ticks of 10 ms.
            var fields = File.ReadAllText($"/proc/{redisPid}/stat").Split(' ');
            var redisTicks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            return new Cost(Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds, redisTicks * 10_000.0,
                GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration().TotalMicroseconds);
        }

        public Cost Minus(Cost before, int count) => new((ProcessUs - before.ProcessUs) / count, (RedisUs - before.RedisUs) / count,
            (AllocatedBytes - before.AllocatedBytes) / count, (PauseUs - before.PauseUs) / count);

        public static Cost Median(List<Cost> costs) => new(Statistics.Median(costs.Select(c => c.ProcessUs)), Statistics.Median(costs.Select(c => c.RedisUs)),
            Statistics.Median(costs.Select(c => c.AllocatedBytes)), Statistics.Median(costs.Select(c => c.PauseUs)));
    }
}

using System.Globalization;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Benchmarks.Suite;
using GrainSystem.Client.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// <c>cache</c>: new-key writes and hot reads of 100-byte values through the co-hosted client (<see cref="ICacheClient"/>: a write
/// is a grain call, a hot read is answered from the partition's memory in this process),
/// beside StackExchange.Redis SET/GET on one multiplexer (how .NET apps use Redis: every caller's commands pipelined on one
/// socket) against a local redis-server, 64 callers on each side; once in embedded mode (memory only) and once with
/// write-through to that redis-server.
/// </summary>
public sealed class CacheScenario : IScenario
{
    private const int Concurrency = 64;
    private const int HotKeys = 10_000;
    private const string Peer = "StackExchange.Redis {0}, 1 multiplexer";
    private const string CommandFigure = "redis command µs";

    public string Name => "cache";

    public int Order => 1;

    public async Task RunAsync(ScenarioContext context)
    {
        var cancellationToken = context.CancellationToken;
        var duration = TimeSpan.FromSeconds(context.Settings.Pick(smoke: 0.2, quick: 1, full: 2));
        var writes = context.Settings.Pick(smoke: 5_000, quick: 200_000, full: 300_000);
        var reads = 4 * writes;
        var value = new byte[100];
        Random.Shared.NextBytes(value);

        await using var redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        using var watch = context.Cpu.Watch("redis-server", redis.Pid);
        var database = redis.Connection.GetDatabase();
        foreach (var writeThrough in new[] { false, true })
        {
            var mode = writeThrough ? "write-through" : "embedded";
            await using var silo = await CoHostedSilo.StartAsync(SiloSettings(writeThrough ? redis.ConnectionString : null), cancellationToken);
            var cache = silo.Services.GetRequiredService<ICacheClient>();
            var request = new CacheSetRequest { Value = value };
            context.Progress($"{mode}: writes");

            var grainWrites = new Side("ICacheClient, co-hosted", (round, ct) => Timed(redis, "evalsha", () => LoadRunner.RunForAsync(Concurrency, duration, writes,
                i => cache.SetAsync($"{mode}:{round}:{i}", request), static r => r.Status is CacheWriteStatus.Created or CacheWriteStatus.Replaced, ct)));
            var redisWrites = new Side(string.Format(CultureInfo.InvariantCulture, Peer, "SET"), (round, ct) => Timed(redis, "set", () => LoadRunner.RunForAsync(
                Concurrency, duration, writes, i => new ValueTask<bool>(database.StringSetAsync($"redis:{mode}:{round}:{i}", value)), static ok => ok, ct)));
            var written = await Rounds.RunAsync(context, grainWrites, redisWrites);
            written.Compare($"cache.{mode}.writes", $"new-key writes, co-hosted, {mode}", grainWrites, redisWrites, Sample.Rate, "ops/s");

            context.Progress($"{mode}: reads");
            var hot = Enumerable.Range(0, HotKeys).Select(i => $"hot:{i}").ToArray();
            var redisHot = hot.Select(k => (RedisKey)("redis:" + k)).ToArray();
            await LoadRunner.RunAsync(Concurrency, HotKeys, i => cache.SetAsync(hot[i], request).AsTask(), cancellationToken);
            await LoadRunner.RunAsync(Concurrency, HotKeys, i => database.StringSetAsync(redisHot[i], value), cancellationToken);
            var grainReads = new Side("ICacheClient, co-hosted", (_, ct) => Timed(LoadRunner.RunForAsync(Concurrency, duration, reads,
                i => cache.GetAsync(hot[i % HotKeys]), static r => r.Status == CacheReadStatus.Hit, ct)));
            var redisReads = new Side(string.Format(CultureInfo.InvariantCulture, Peer, "GET"), (_, ct) => Timed(LoadRunner.RunForAsync(
                Concurrency, duration, reads, i => new ValueTask<RedisValue>(database.StringGetAsync(redisHot[i % HotKeys])), static v => v.HasValue, ct)));
            // The same reads as grain calls (what a client outside the silo's process, or a read the partition must decide, costs).
            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            var partitioner = cache.Partitioner;
            var grainCallReads = new Side("grain calls (ICacheGrain.Get)", (_, ct) => Timed(LoadRunner.RunForAsync(Concurrency, duration, reads,
                i => grains.GetGrain<ICacheGrain>(partitioner.PartitionOf(hot[i % HotKeys])).Get(hot[i % HotKeys]),
                static r => r.Status == CacheReadStatus.Hit, ct)));
            var read = await Rounds.RunAsync(context, grainReads, redisReads, grainCallReads);
            read.Compare($"cache.{mode}.reads", $"hot reads, co-hosted, {mode}", grainReads, redisReads, Sample.Rate, "ops/s");
            read.Compare($"cache.{mode}.reads.grain-call", $"hot reads, co-hosted, {mode}, as grain calls", grainCallReads, redisReads, Sample.Rate, "ops/s");
            if (!writeThrough)
            {
                written.CompareCpu("cache.embedded.writes.cpu", "new-key writes, co-hosted, embedded: CPU per op", grainWrites, redisWrites);
                read.CompareCpu("cache.embedded.reads.cpu", "hot reads, co-hosted, embedded: CPU per op", grainReads, redisReads);
            }
            else
            {
                context.Note($"write-through: redis-server CPU per new-key write {Split(written, grainWrites)} for the grain path against " +
                    $"{Split(written, redisWrites)} for SET; time inside Redis's commands per write (INFO commandstats, usec of EVALSHA " +
                    $"per grain write against usec of SET per SET) {CommandTime(written, grainWrites)} against {CommandTime(written, redisWrites)}.");
            }

            // The silo stops first: with write-through its cluster membership is in this redis-server too.
            await silo.StopAsync();
            await redis.Server.ExecuteAsync("FLUSHALL", "ASYNC");
        }

        context.Note($"{Concurrency} concurrent callers on each side, new-key writes for {duration.TotalSeconds:0.#} s or {writes:N0} writes, " +
            $"then reads over {HotKeys:N0} hot keys for {duration.TotalSeconds:0.#} s or {reads:N0} reads, per side and round; the silo co-hosted in the benchmark process (its own ICacheClient: writes are grain calls, hot reads are answered from the partition's memory without one), redis-server on loopback. Only accepted " +
            "results count (a write stored, a read that hit).");
    }

    /// <summary>The co-hosted silo of the cache rows: write-through to <paramref name="redis"/> when given, embedded otherwise.</summary>
    internal static Dictionary<string, string?> SiloSettings(string? redis, int maxMemoryMB = 2048) => new()
    {
        ["Cache:MaxMemoryMB"] = maxMemoryMB.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ConnectionStrings:Redis"] = redis,
    };

    private static string Split(Rounds rounds, Side side) =>
        MarkdownTable.Format(rounds.CpuSplit(side).GetValueOrDefault("redis-server"), "µs");

    private static string CommandTime(Rounds rounds, Side side) => MarkdownTable.Format(rounds.Median(side, CommandFigure), "µs");

    /// <summary>
    /// A load run as a sample, with the time redis-server spent inside <paramref name="command"/> per operation (INFO
    /// commandstats usec, which for EVALSHA includes the commands its script calls).
    /// </summary>
    private static async Task<Sample> Timed(RedisServer redis, string command, Func<Task<LoadResult>> run)
    {
        var before = await CommandMicrosecondsAsync(redis, command);
        var result = await run();
        var spent = await CommandMicrosecondsAsync(redis, command) - before;
        return Sample.Of(result.Operations, (Sample.Rate, result.Rate), ("refused", result.Failures),
            (CommandFigure, spent / Math.Max(1, result.Operations)));
    }

    /// <summary>The total usec redis-server spent inside <paramref name="command"/> so far (INFO commandstats).</summary>
    private static async Task<double> CommandMicrosecondsAsync(RedisServer redis, string command)
    {
        var stats = await redis.Server.InfoAsync("commandstats");
        var line = stats.SelectMany(g => g).FirstOrDefault(p => p.Key == "cmdstat_" + command).Value;
        var usec = line?.Split(',').FirstOrDefault(f => f.StartsWith("usec=", StringComparison.Ordinal));
        return usec is null ? 0 : double.Parse(usec.AsSpan(5), CultureInfo.InvariantCulture);
    }

    /// <summary>A load run as a sample: the accepted operations and the rate they ran at.</summary>
    private static async Task<Sample> Timed(Task<LoadResult> run)
    {
        var result = await run;
        return Sample.Of(result.Operations, (Sample.Rate, result.Rate), ("refused", result.Failures));
    }
}

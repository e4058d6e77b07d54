using GrainSystem.Benchmarks.Suite;
using GrainSystem.Testing;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// <c>http</c>: the cache over HTTP, 64 connections of <c>wrk</c> sending 90 % GET and 10 % PUT of 100-byte values over 10,000 keys
/// (<see cref="WrkLoad"/>), to the GrainSystem API process (embedded, as <c>dotnet run --project src/GrainSystem.Api</c> serves it),
/// beside the same requests to a minimal API on IDistributedCache over Redis (what a user writes instead) and to that minimal
/// API on a dictionary in its own process (the limit of an HTTP cache on one machine). Also the API's first round after its
/// start against its steady state.
/// </summary>
public sealed class HttpScenario : IScenario
{
    private const int Connections = 64;

    public string Name => "http";

    public int Order => 2;

    public async Task RunAsync(ScenarioContext context)
    {
        if (!Tool.Installed("wrk"))
        {
            foreach (var (id, measure) in new[] { ("http.vs-redis", "requests/s"), ("http.vs-dictionary", "requests/s"), ("http.p99", "p99") })
            {
                context.Missing(id, measure, "—", "wrk not installed");
            }

            return;
        }

        var cancellationToken = context.CancellationToken;
        var duration = TimeSpan.FromSeconds(context.Settings.Pick(smoke: 1, quick: 3, full: 10));
        var value = new byte[100];
        Random.Shared.NextBytes(value);

        await using var redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        using var watch = context.Cpu.Watch("redis-server", redis.Pid);
        await using var api = await ApiUnderTest.StartAsync(context);
        await using var onRedis = await DistributedCacheEndpoint.StartOnRedisAsync(redis.ConnectionString, cancellationToken);
        await using var inProcess = await DistributedCacheEndpoint.StartInProcessAsync(cancellationToken);
        var prefill = context.Settings.Pick(smoke: 500, quick: WrkLoad.Keys, full: WrkLoad.Keys);
        foreach (var address in new[] { api.Address, onRedis.Address, inProcess.Address })
        {
            using var http = new HttpCacheClient(address, Connections);
            await LoadRunner.RunAsync(Connections, prefill, i => http.PutAsync($"k{i}", value, cancellationToken), static ok => ok, cancellationToken);
        }

        var product = new Side("GrainSystem API, embedded", (_, ct) => WrkLoad.RunAsync(api.Address, Connections, duration, ct));
        var redisPeer = new Side("minimal API + IDistributedCache on Redis", (_, ct) => WrkLoad.RunAsync(onRedis.Address, Connections, duration, ct));
        var limit = new Side("minimal API + ConcurrentDictionary", (_, ct) => WrkLoad.RunAsync(inProcess.Address, Connections, duration, ct));
        var rounds = await Rounds.RunAsync(context, product, redisPeer, limit);

        const string load = "90/10 GET/PUT, 64 connections";
        rounds.Compare("http.vs-redis", $"HTTP cache requests/s ({load})", product, redisPeer, Sample.Rate, "req/s");
        rounds.Compare("http.vs-dictionary", $"HTTP cache requests/s ({load})", product, limit, Sample.Rate, "req/s");
        rounds.Compare("http.p50", $"HTTP cache p50 latency ({load})", product, redisPeer, Sample.P50, "µs");
        rounds.Compare("http.p99", $"HTTP cache p99 latency ({load})", product, redisPeer, Sample.P99, "µs");

        // The in-process limit's own tail on the same machine: how much of the p99 is the machine's (wrk and the server on 2 cores).
        rounds.Compare("http.p99.vs-dictionary", $"HTTP cache p99 latency ({load})", product, limit, Sample.P99, "µs");
        if (rounds.WarmUpOf(product) is { } first)
        {
            var steady = rounds.Median(product, Sample.Rate);
            context.Add("http.warm-start", "HTTP cache: first round after start ÷ steady state", "× steady",
                Stat.Of([first.Figures[Sample.Rate] / steady]), null, "—", null, null, null);
        }

        context.Note($"wrk -t 2 -c {Connections} -d {duration.TotalSeconds:0}s per side and round, keys k0…k{prefill - 1} written once on every side before " +
            "the first round (so the API's first round is its first load after those PUTs); the API process runs embedded (co-hosted silo, " +
            "no API keys, its appsettings.json); both minimal APIs (WebApplication.CreateSlimBuilder, PUT = IDistributedCache.SetAsync of the " +
            "body, GET = GetAsync) run in the benchmark process. Answers neither 2xx nor 3xx: " +
            string.Join(", ", new[] { product, redisPeer, limit }.Select(s => $"{s.Name} {Errors(rounds, s)}")) + ".");
    }

    private static string Errors(Rounds rounds, Side side) =>
        $"{rounds.Of(side).Sum(m => m.Sample.Figures["non-2xx"] + m.Sample.Figures["socket errors"]):N0}";
}

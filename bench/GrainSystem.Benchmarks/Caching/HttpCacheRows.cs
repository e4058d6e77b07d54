using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GrainSystem.Testing;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// The HTTP rows of <c>cache</c> (skipped with <c>--http false</c>): new-key PUTs and hot GETs of 100-byte values to the GrainSystem
/// API process in embedded mode (<see cref="ApiProcess"/>, <see cref="EmbeddedEnvironment"/>), beside the same requests to ASP.NET Core + IDistributedCache on Redis
/// (<see cref="DistributedCacheEndpoint"/>), from the same HTTP/1.1 client with the same concurrency. Product and baseline alternate,
/// <c>--rounds</c> times after one unmeasured warm-up round; the best round counts and the per-round ratios are noted.
/// </summary>
internal static class HttpCacheRows
{
    private const string Product = "GrainSystem API";
    private const string Baseline = "ASP.NET Core + IDistributedCache on Redis";

    public static async Task AddAsync(BenchmarkReport report, BenchmarkOptions options, RedisServer redis, int rounds,
        CancellationToken cancellationToken)
    {
        if (string.Equals(options.String("http", "true"), "false", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var concurrency = options.Int("http-concurrency", 32);
        var writes = options.Int("http-writes", 20_000);
        var reads = options.Int("http-reads", 40_000);
        var hotKeys = Math.Min(writes, 10_000);
        var value = new byte[100];
        Random.Shared.NextBytes(value);
        var clock = Stopwatch.StartNew();

        await using var api = await ApiProcess.StartReadyAsync("bench-api", EmbeddedEnvironment(), TimeSpan.FromSeconds(60), cancellationToken);
        await using var endpoint = await DistributedCacheEndpoint.StartAsync(redis.ConnectionString, cancellationToken);
        using var product = new HttpCacheClient(api.Address, concurrency);
        using var baseline = new HttpCacheClient(endpoint.Address, concurrency);

        // The same loops and checks at the full counts, so neither side's first measured round pays for JIT, tiering, GC heap sizing
        // and connecting: after a pass at half the counts the API process's first round was still slower than its later ones.
        await RoundAsync("hw-", writes, reads, [product, baseline]);
        var warmUpFailures = new[] { Failed(product), Failed(baseline) };

        var best = new double[2, 2]; // [product|baseline, writes|reads]
        var failures = new long[2];
        var writeRatios = new List<double>();
        var readRatios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            // Who goes first alternates, so neither side always meets the machine right after the other's burst.
            var productFirst = round % 2 == 0;
            var results = await RoundAsync($"h{round}-", writes, reads, productFirst ? [product, baseline] : [baseline, product]);
            var (productWrites, productReads) = productFirst ? results[0] : results[1];
            var (baselineWrites, baselineReads) = productFirst ? results[1] : results[0];
            best[0, 0] = Math.Max(best[0, 0], productWrites.Rate);
            best[0, 1] = Math.Max(best[0, 1], productReads.Rate);
            best[1, 0] = Math.Max(best[1, 0], baselineWrites.Rate);
            best[1, 1] = Math.Max(best[1, 1], baselineReads.Rate);
            failures[0] += productWrites.Failures + productReads.Failures;
            failures[1] += baselineWrites.Failures + baselineReads.Failures;
            writeRatios.Add(productWrites.Rate / baselineWrites.Rate);
            readRatios.Add(productReads.Rate / baselineReads.Rate);
        }

        report.Add("new-key writes over HTTP (embedded)", Product + " PUT", best[0, 0], Baseline + " PUT", best[1, 0], "ops/s");
        report.Add("hot reads over HTTP (embedded)", Product + " GET", best[0, 1], Baseline + " GET", best[1, 1], "ops/s");
        report.Notes.Add($"HTTP (embedded): per-round ratios vs {Baseline} (same round, back to back): writes {CacheScenario.Ratios(writeRatios)}; " +
            $"reads {CacheScenario.Ratios(readRatios)}.");
        report.Notes.Add($"HTTP requests that failed (not counted in ops/s): {Product} {failures[0]:N0} in the measured rounds " +
            $"({warmUpFailures[0]:N0} in the warm-up{Breakdown(product)}); {Baseline} {failures[1]:N0} ({warmUpFailures[1]:N0} in the warm-up" +
            $"{Breakdown(baseline)}). A PUT succeeds with any 2xx, a GET with 200 and the 100 bytes written in the same round." +
            (api.Process.HasExited ? $" The API process exited during the run (code {api.Process.ExitCode})." : ""));
        report.Notes.Add($"HTTP: {concurrency} connections per side (HttpClient, SocketsHttpHandler with MaxConnectionsPerServer = {concurrency}, " +
            $"HTTP/1.1 over loopback, one request in flight on each), {writes:N0} PUTs of new keys (application/octet-stream) and {reads:N0} GETs " +
            $"cycling over {hotKeys:N0} of them per round, best of {rounds} rounds alternating which side goes first, after one unmeasured warm-up " +
            $"pass at the same counts. {Product}: the built {Path.GetFileName(ApiProcess.Assembly)} started by dotnet as its own process in embedded mode " +
            $"(co-hosted silo, in-memory storage, no API keys, its appsettings.json, {(AsksForServerGC(ApiProcess.Assembly) ? "server" : "workstation")} garbage collector " +
            $"as its runtimeconfig.json asks). Baseline: a minimal API (WebApplication.CreateSlimBuilder, Kestrel, PUT = IDistributedCache.SetAsync " +
            "of the body, 204; GET = GetAsync, 200 or 404) in the benchmark process beside the load generator " +
            $"({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} garbage collector), on AddStackExchangeRedisCache over the " +
            "local redis-server (one multiplexer; each entry a Redis hash). Both log at Warning for ASP.NET Core (no line per request). " +
            $"The HTTP part took {clock.Elapsed.TotalSeconds:0} s, starting both servers included.");

        // A write pass, then a read pass over the keys it wrote, of each side in turn, back to back.
        async Task<(LoadResult Writes, LoadResult Reads)[]> RoundAsync(string prefix, int writeCount, int readCount, HttpCacheClient[] order)
        {
            var hot = Enumerable.Range(0, Math.Min(writeCount, hotKeys)).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            var written = new LoadResult[order.Length];
            foreach (var (side, index) in order.Select((s, i) => (s, i)))
            {
                written[index] = await LoadRunner.RunAsync(concurrency, writeCount,
                    i => side.PutAsync(prefix + i.ToString(CultureInfo.InvariantCulture), value, cancellationToken), static ok => ok, cancellationToken);
            }

            var results = new (LoadResult, LoadResult)[order.Length];
            foreach (var (side, index) in order.Select((s, i) => (s, i)))
            {
                var read = await LoadRunner.RunAsync(concurrency, readCount,
                    i => side.GetAsync(hot[i % hot.Length], value, cancellationToken), static ok => ok, cancellationToken);
                results[index] = (written[index], read);
            }

            return results;
        }
    }

    /// <summary>
    /// Embedded mode without authentication, whatever this shell exports: no Redis, no API keys, no telemetry export; free
    /// Orleans ports and a cluster of its own, so another silo on this machine (the defaults 11111/30000) neither blocks nor joins it.
    /// </summary>
    private static Dictionary<string, string?> EmbeddedEnvironment()
    {
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || k.StartsWith("Api__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(k => k, _ => (string?)null);
        var id = "bench-http-" + Guid.NewGuid().ToString("N")[..8];
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["Orleans__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        environment["Orleans__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        environment["Orleans__ServiceId"] = id;
        environment["Orleans__ClusterId"] = id;
        return environment;
    }

    /// <summary>Whether the runtimeconfig.json of <paramref name="assembly"/> asks for the server garbage collector (the Web SDK's default).</summary>
    private static bool AsksForServerGC(string assembly) =>
        JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(assembly, ".runtimeconfig.json")))?["runtimeOptions"]?["configProperties"]?["System.GC.Server"]
            ?.GetValue<bool>() ?? false;

    private static long Failed(HttpCacheClient side) => side.Failures.Values.Sum();

    private static string Breakdown(HttpCacheClient side) =>
        side.Failures.Count == 0 ? "" : "; all passes: " + string.Join(", ", side.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} ×{f.Value:N0}"));
}

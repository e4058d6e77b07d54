using System.Diagnostics;
using System.Text.Json;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Hosting;
using GrainSystem.Grains.Jobs.Operations;
using GrainSystem.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Benchmarks.Jobs;

/// <summary>
/// <c>jobs</c>: a CPU-bound <c>primes</c> job against <see cref="Parallel.ForEach{TSource}(IEnumerable{TSource}, Action{TSource})"/>
/// over the same items in the same process (alternating rounds), and the per-chunk dispatch overhead (one-item chunks of
/// <c>square</c>). One co-hosted silo, embedded mode (in-memory storage).
/// </summary>
public sealed class JobsScenario : IBenchmarkScenario
{
    public string Name => "jobs";

    public string Description =>
        "primes job vs Parallel.ForEach on the same items (--items 100000 --chunk 1000 --parallelism 16 --rounds 3), " +
        "and per-chunk dispatch overhead (--dispatch-chunks 5000)";

    public async Task<BenchmarkReport> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var itemCount = options.Int("items", 100_000);
        var chunkSize = options.Int("chunk", 1_000);
        var parallelism = options.Int("parallelism", 16);
        var rounds = options.Int("rounds", 3);
        var dispatchChunks = options.Int("dispatch-chunks", 5_000);

        // Integers in [10^12, 10^13): trial division costs up to ~10^6 steps for a prime, little for most composites.
        var random = new Random(42);
        var items = Enumerable.Range(0, itemCount).Select(_ => random.NextInt64(1_000_000_000_000, 10_000_000_000_000)).ToArray();
        var itemsJson = JsonSerializer.Serialize(items);

        using var host = await StartSiloAsync(cancellationToken);
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        var report = new BenchmarkReport(Name);
        var jobTimes = new List<double>();
        var baselineTimes = new List<double>();
        int jobPrimes = 0, baselinePrimes = 0;

        // Warm-up: JIT, worker activations, thread pool.
        await RunJobAsync(grains, "primes", JsonSerializer.Serialize(items.Take(2_000)), chunkSize, parallelism, cancellationToken);
        RunBaseline(items.Take(2_000).ToArray());

        for (var round = 0; round < rounds; round++)
        {
            var (jobSeconds, jobJson) = await RunJobAsync(grains, "primes", itemsJson, chunkSize, parallelism, cancellationToken);
            jobTimes.Add(jobSeconds);
            jobPrimes = JsonDocument.Parse(jobJson).RootElement.EnumerateArray().Count(e => e.GetBoolean());

            var clock = Stopwatch.StartNew();
            var flags = RunBaseline(items);
            baselineTimes.Add(clock.Elapsed.TotalSeconds);
            baselinePrimes = flags.Count(f => f);
        }

        if (jobPrimes != baselinePrimes)
        {
            throw new InvalidOperationException($"The job found {jobPrimes} primes, Parallel.ForEach {baselinePrimes}.");
        }

        var jobMedian = Statistics.Median(jobTimes);
        var baselineMedian = Statistics.Median(baselineTimes);
        report.Add($"primes over {itemCount:N0} items (median of {rounds})",
            $"job, chunk {chunkSize}, parallelism {parallelism}", itemCount / jobMedian,
            "Parallel.ForEach, same process", itemCount / baselineMedian, "items/s");

        // Dispatch overhead: one item per chunk of a trivial operation, so the time is almost all dispatch.
        var small = Enumerable.Range(0, dispatchChunks).ToArray();
        var (dispatchSeconds, _) = await RunJobAsync(grains, "square", JsonSerializer.Serialize(small), 1, 64, cancellationToken);
        var clockSmall = Stopwatch.StartNew();
        var squares = new long[small.Length];
        Parallel.ForEach(small, i => squares[i] = (long)i * i);
        var smallBaseline = clockSmall.Elapsed.TotalSeconds;
        report.Add($"square, {dispatchChunks:N0} one-item chunks", "job, parallelism 64", dispatchSeconds / dispatchChunks * 1e6,
            "Parallel.ForEach per item", smallBaseline / dispatchChunks * 1e6, "µs per chunk", higherIsBetter: false);

        // The same one at a time: the round trip of one chunk (dispatch, worker, answer, log append) with nothing to hide it.
        var serial = small.Take(Math.Min(1_000, dispatchChunks)).ToArray();
        var (serialSeconds, _) = await RunJobAsync(grains, "square", JsonSerializer.Serialize(serial), 1, 1, cancellationToken);
        report.Add($"square, {serial.Length:N0} one-item chunks in sequence", "job, parallelism 1", serialSeconds / serial.Length * 1e6,
            "Parallel.ForEach per item", smallBaseline / dispatchChunks * 1e6, "µs per chunk", higherIsBetter: false);

        report.Notes.Add($"primes: {jobPrimes:N0} primes found by both; job median {jobMedian:0.00} s " +
            $"(rounds {string.Join(", ", jobTimes.Select(t => t.ToString("0.00")))} s), Parallel.ForEach median {baselineMedian:0.00} s " +
            $"(rounds {string.Join(", ", baselineTimes.Select(t => t.ToString("0.00")))} s).");
        report.Notes.Add($"Per-chunk dispatch overhead: ≈ {dispatchSeconds / dispatchChunks * 1e6:0} µs of wall time per chunk at " +
            $"parallelism 64 (throughput), ≈ {serialSeconds / serial.Length * 1e6:0} µs per chunk one at a time (latency): worker call, " +
            "JSON in and out, result log append, bookkeeping; one co-hosted silo.");
        report.Notes.Add("Job time runs from submission to the results in hand (submit, cut, dispatch, persist, assemble, fetch).");
        report.Notes.Add("Measured on a shared 2-core machine while other work ran; figures vary run to run.");
        return report;
    }

    private static bool[] RunBaseline(long[] items)
    {
        var flags = new bool[items.Length];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, items.Length), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                flags[i] = PrimesOperation.IsPrime(items[i]);
            }
        });
        return flags;
    }

    private static async Task<(double Seconds, string ResultsJson)> RunJobAsync(IGrainFactory grains, string operation, string itemsJson,
        int chunkSize, int parallelism, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var job = grains.GetGrain<IJobGrain>(Guid.NewGuid().ToString("N"));
        var submission = await job.SubmitAsync(new JobSpec(operation, "{}", itemsJson, chunkSize, parallelism, 3));
        if (submission.Outcome != JobSubmissionOutcome.Accepted)
        {
            throw new InvalidOperationException($"{submission.Outcome}: {submission.Field} {submission.Message}");
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var status = await job.GetStatusAsync();
            if (status!.State == JobState.Completed)
            {
                break;
            }

            if (status.State is JobState.Failed or JobState.Cancelled)
            {
                throw new InvalidOperationException($"The job ended {status.State}: {status.Errors.LastOrDefault()?.Message}");
            }

            await Task.Delay(10, cancellationToken);
        }

        var results = await job.GetResultsAsync();
        return (clock.Elapsed.TotalSeconds, results.Json!);
    }

    private static async Task<IHost> StartSiloAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = FreePort.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var configuration = builder.Configuration;
        var backend = configuration.GetStorageBackend();
        builder.UseOrleans(silo => silo.UseGrainSystemClustering(configuration, backend).AddGrainSystem(configuration, backend));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}

using System.Diagnostics;
using System.Text.Json;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Benchmarks.Suite;
using GrainSystem.Grains.Jobs.Operations;
using GrainSystem.Testing;

namespace GrainSystem.Benchmarks.Jobs;

/// <summary>
/// <c>jobs</c>: a CPU-bound <c>primes</c> job (chunks of 1,000, parallelism 16, from submission to results in hand) beside
/// <see cref="Parallel.ForEach{TSource}(IEnumerable{TSource}, Action{TSource})"/> over the same items in the same process; and
/// the dispatch overhead per chunk (one-item chunks of <c>square</c> at parallelism 64). One co-hosted silo, embedded mode.
/// </summary>
public sealed class JobsScenario : IScenario
{
    private const int ChunkSize = 1_000;
    private const int Parallelism = 16;

    public string Name => "jobs";

    public int Order => 4;

    public async Task RunAsync(ScenarioContext context)
    {
        var itemCount = context.Settings.Pick(smoke: 2_000, quick: 30_000, full: 100_000);
        var dispatchChunks = context.Settings.Pick(smoke: 50, quick: 2_000, full: 5_000);

        // Integers in [10^12, 10^13): trial division costs up to ~10^6 steps for a prime, little for most composites.
        var random = new Random(42);
        var items = Enumerable.Range(0, itemCount).Select(_ => random.NextInt64(1_000_000_000_000, 10_000_000_000_000)).ToArray();
        var itemsJson = JsonSerializer.Serialize(items);
        var counted = new HashSet<int>(); // primes found by every run of either side: one number when both agree

        await using var silo = await CoHostedSilo.StartAsync(cancellationToken: context.CancellationToken);
        var grains = silo.Grains;
        var job = new Side($"job, chunks of {ChunkSize:N0}, parallelism {Parallelism}", async (_, ct) =>
        {
            var clock = Stopwatch.StartNew();
            var json = await RunJobAsync(grains, "primes", itemsJson, ChunkSize, Parallelism, ct);
            var elapsed = clock.Elapsed;
            counted.Add(JsonDocument.Parse(json).RootElement.EnumerateArray().Count(e => e.GetBoolean()));
            return Sample.OfRate(itemCount, elapsed);
        });
        var parallel = new Side("Parallel.ForEach, same process", (_, _) =>
        {
            var clock = Stopwatch.StartNew();
            var found = 0;
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, items.Length), range =>
            {
                var local = 0;
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    local += PrimesOperation.IsPrime(items[i]) ? 1 : 0;
                }

                Interlocked.Add(ref found, local);
            });
            counted.Add(found);
            return Task.FromResult(Sample.OfRate(itemCount, clock.Elapsed));
        });
        var primes = await Rounds.RunAsync(context, job, parallel);
        if (counted.Count != 1)
        {
            throw new InvalidOperationException($"The job and Parallel.ForEach found different numbers of primes: {string.Join(", ", counted)}.");
        }

        primes.Compare("jobs.primes", $"CPU-bound job, primes over {itemCount:N0} items", job, parallel, Sample.Rate, "items/s");

        var squaresJson = JsonSerializer.Serialize(Enumerable.Range(0, dispatchChunks));
        var dispatch = new Side("job of one-item chunks, parallelism 64", async (_, ct) =>
        {
            var clock = Stopwatch.StartNew();
            await RunJobAsync(grains, "square", squaresJson, 1, 64, ct);
            return Sample.Of(dispatchChunks, ("per-chunk", clock.Elapsed.TotalMicroseconds / dispatchChunks));
        });
        var dispatched = await Rounds.RunAsync(context, dispatch);
        dispatched.Alone("jobs.dispatch", $"job dispatch overhead per chunk ({dispatchChunks:N0} one-item chunks)", dispatch, "per-chunk", "µs");

        context.Note($"a job's time runs from submission to the results in hand (submit, cut, dispatch, persist, assemble, fetch); {counted.Single():N0} " +
            "primes found by both sides every round. Dispatch: wall time per chunk of a trivial operation (worker call, JSON in and out, result " +
            "log append, bookkeeping).");
    }

    private static async Task<string> RunJobAsync(IGrainFactory grains, string operation, string itemsJson, int chunkSize, int parallelism,
        CancellationToken cancellationToken)
    {
        var job = grains.GetGrain<IJobGrain>(Guid.NewGuid().ToString("N"));
        var submission = await job.SubmitAsync(new JobSpec(operation, "{}", itemsJson, chunkSize, parallelism, 3));
        if (submission.Status != JobSubmitStatus.Accepted)
        {
            throw new InvalidOperationException($"{submission.Status}: {submission.Field} {submission.Message}");
        }

        while (true)
        {
            var info = await job.GetInfoAsync();
            if (info!.State == JobState.Completed)
            {
                return (await job.GetResultsAsync()).Json!;
            }

            if (info.State is JobState.Failed or JobState.Cancelled)
            {
                throw new InvalidOperationException($"The job ended {info.State}: {info.Errors.LastOrDefault()?.Message}");
            }

            await Task.Delay(10, cancellationToken);
        }
    }
}

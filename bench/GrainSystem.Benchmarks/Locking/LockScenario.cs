using System.Diagnostics;
using GrainSystem.Abstractions.Locking;
using GrainSystem.Client.Locking;
using GrainSystem.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainSystem.Benchmarks.Locking;

/// <summary>
/// <c>lock</c>: acquire/release pairs and the wake-up latency from a release to the next waiter's grant, for lock grains
/// on a co-hosted silo (grant state persisted in Redis by default) beside Redis <c>SET NX PX</c> + compare-and-delete
/// on the same local redis-server, in alternating rounds.
/// </summary>
public sealed class LockScenario : IBenchmarkScenario
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    public string Name => "lock";

    public string Description =>
        "lock grains vs Redis SET NX PX locks: acquire/release pairs and release→next-waiter wake-up latency " +
        "[--rounds 3 --pairs 3000 --sequential 600 --workers 16 --handoffs 1200 --baseline-handoffs 300 --poll-ms 10 --storage redis|memory]";

    public async Task<BenchmarkReport> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var rounds = options.Int("rounds", 3);
        var pairs = options.Int("pairs", 3000) / rounds;
        var sequential = options.Int("sequential", 600) / rounds;
        var workers = options.Int("workers", 16);
        var handoffs = options.Int("handoffs", 1200) / rounds;
        var baselineHandoffs = options.Int("baseline-handoffs", 300) / rounds;
        var poll = TimeSpan.FromMilliseconds(options.Int("poll-ms", 10));
        var storage = options.String("storage", "redis");

        await using var redis = await RedisServer.StartAsync();
        await using var silo = await CoHostedSilo.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = storage == "redis" ? redis.ConnectionString : null }, cancellationToken);
        var grains = silo.Grains;
        var baseline = new RedisLockBaseline(redis.Connection.GetDatabase());

        var product = new Samples();
        var reference = new Samples();
        await WarmUpAsync(grains, baseline);
        for (var round = 0; round < rounds && !cancellationToken.IsCancellationRequested; round++)
        {
            Console.Error.WriteLine($"round {round + 1}/{rounds}");
            product.Sequential.AddRange(await ProductPairsAsync(grains, sequential, 1, product));
            reference.Sequential.AddRange(await BaselinePairsAsync(baseline, sequential, 1, reference));
            await ProductPairsAsync(grains, pairs, workers, product);
            await BaselinePairsAsync(baseline, pairs, workers, reference);
            product.Handoffs.AddRange(await ProductHandoffsAsync(grains, handoffs));
            reference.Handoffs.AddRange(await BaselineHandoffsAsync(baseline, baselineHandoffs, poll));
        }

        await silo.StopAsync();
        var productName = $"lock grain ({storage} storage)";
        var baselineName = "Redis SET NX PX + Lua";
        var report = new BenchmarkReport(Name)
            .Add("acquire+release pair, 1 caller, median", productName, Percentile(product.Sequential, 50), baselineName,
                Percentile(reference.Sequential, 50), "µs", higherIsBetter: false)
            .Add($"acquire+release pairs, {workers} callers on own locks", productName, product.PairsPerSecond, baselineName,
                reference.PairsPerSecond, "pairs/s")
            .Add("wake-up release → next waiter's grant, median", productName, Percentile(product.Handoffs, 50),
                $"Redis, waiter polls every {poll.TotalMilliseconds:0} ms", Percentile(reference.Handoffs, 50), "µs", higherIsBetter: false)
            .Add("wake-up release → next waiter's grant, p99", productName, Percentile(product.Handoffs, 99),
                $"Redis, waiter polls every {poll.TotalMilliseconds:0} ms", Percentile(reference.Handoffs, 99), "µs", higherIsBetter: false);
        report.Notes.Add($"{rounds} alternating rounds; {product.Handoffs.Count} grain hand-offs, {reference.Handoffs.Count} Redis hand-offs; " +
            $"{product.Sequential.Count} sequential pairs each; {product.PairCount} concurrent pairs each.");
        report.Notes.Add("The silo is co-hosted (grain calls are in-process); with redis storage every grant and release is one " +
            "Redis write (the pair is two writes); a free lock stays in memory for Locks:IdleDeactivationDelay (5 s) before it deactivates.");
        report.Notes.Add("Wake-up = from the holder's release call to the moment the waiter's acquire returns the grant (one storage write in between: release and grant together).");
        report.Notes.Add("A grain waiter is woken by push when the holder releases; the Redis waiter can only find out by polling " +
            "(Medallion's Redis lock sleeps 10–800 ms between attempts by default).");
        report.Notes.Add("Measured on a shared 2-core machine while other work ran: compare ratios within one run, not across runs.");
        return report;
    }

    private static async Task WarmUpAsync(IGrainFactory grains, RedisLockBaseline baseline)
    {
        await ProductPairsAsync(grains, 200, 4, new Samples());
        await BaselinePairsAsync(baseline, 200, 4, new Samples());
        await ProductHandoffsAsync(grains, 20);
    }

    private static async Task<List<double>> ProductPairsAsync(IGrainFactory grains, int pairs, int workers, Samples samples)
    {
        var run = $"{Guid.NewGuid():N}";
        return await TimePairsAsync(pairs, workers, samples, async worker =>
        {
            var grain = grains.GetGrain<ILockGrain>($"bench-pair-{run}-{worker}");
            var grant = (await grain.Acquire(new LockAcquireRequest(Guid.NewGuid(), "bench", Lease, TimeSpan.Zero))).Grant!;
            await grain.Release(grant.Token);
        });
    }

    private static async Task<List<double>> BaselinePairsAsync(RedisLockBaseline baseline, int pairs, int workers, Samples samples)
    {
        var run = $"{Guid.NewGuid():N}";
        return await TimePairsAsync(pairs, workers, samples, async worker =>
        {
            var key = $"bench-pair-{run}-{worker}";
            var token = Guid.NewGuid().ToString("N");
            if (!await baseline.TryAcquireAsync(key, token, Lease) || !await baseline.ReleaseAsync(key, token))
            {
                throw new InvalidOperationException("An uncontended Redis lock was not acquired and released.");
            }
        });
    }

    private static async Task<List<double>> TimePairsAsync(int pairs, int workers, Samples samples, Func<int, Task> pair)
    {
        var latencies = new List<double>(pairs);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < pairs; i += workers)
            {
                var started = Stopwatch.GetTimestamp();
                await pair(worker);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                lock (latencies)
                {
                    latencies.Add(elapsed);
                }
            }
        })));
        if (workers > 1)
        {
            samples.PairCount += pairs;
            samples.PairSeconds += clock.Elapsed.TotalSeconds;
        }

        return latencies;
    }

    /// <summary>Ping-pong on one lock: the holder releases while the other side waits; the time from the release call to the waiter's grant.</summary>
    private static async Task<List<double>> ProductHandoffsAsync(IGrainFactory grains, int handoffs)
    {
        var name = $"bench-handoff-{Guid.NewGuid():N}";
        var grain = grains.GetGrain<ILockGrain>(name);
        var locks = new LockClient(grains, TimeProvider.System, NullLogger<LockHandle>.Instance);
        var holder = (await grain.Acquire(new LockAcquireRequest(Guid.NewGuid(), "side-0", Lease, TimeSpan.Zero))).Grant!;
        var latencies = new List<double>(handoffs);
        for (var i = 0; i < handoffs; i++)
        {
            var side = $"side-{(i + 1) % 2}";
            var waiting = Task.Run(async () =>
            {
                var result = await locks.AcquireGrantAsync(name, side, Lease, TimeSpan.FromSeconds(30));
                return (Grant: result.Grant!, At: Stopwatch.GetTimestamp());
            });
            while ((await grain.Inspect()).Waiters == 0)
            {
                // Not measured: the next waiter must be queued before the release.
            }

            var released = Stopwatch.GetTimestamp();
            await grain.Release(holder.Token);
            var (grant, grantedAt) = await waiting;
            latencies.Add(Stopwatch.GetElapsedTime(released, grantedAt).TotalMicroseconds);
            holder = grant;
        }

        await grain.Release(holder.Token);
        return latencies;
    }

    private static async Task<List<double>> BaselineHandoffsAsync(RedisLockBaseline baseline, int handoffs, TimeSpan poll)
    {
        var key = $"bench-handoff-{Guid.NewGuid():N}";
        var holder = Guid.NewGuid().ToString("N");
        await baseline.TryAcquireAsync(key, holder, Lease);
        var latencies = new List<double>(handoffs);
        for (var i = 0; i < handoffs; i++)
        {
            var next = Guid.NewGuid().ToString("N");
            var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var waiting = Task.Run(async () =>
            {
                await baseline.WaitAsync(key, next, Lease, poll, queued);
                return Stopwatch.GetTimestamp();
            });
            await queued.Task;
            var released = Stopwatch.GetTimestamp();
            await baseline.ReleaseAsync(key, holder);
            latencies.Add(Stopwatch.GetElapsedTime(released, await waiting).TotalMicroseconds);
            holder = next;
        }

        await baseline.ReleaseAsync(key, holder);
        return latencies;
    }

    private static double Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private sealed class Samples
    {
        public List<double> Sequential { get; } = [];

        public List<double> Handoffs { get; } = [];

        public int PairCount { get; set; }

        public double PairSeconds { get; set; }

        public double PairsPerSecond => PairSeconds > 0 ? PairCount / PairSeconds : double.NaN;
    }
}

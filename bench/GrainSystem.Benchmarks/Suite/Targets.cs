using System.Globalization;

namespace GrainSystem.Benchmarks.Suite;

/// <summary>What a target bounds: the ratio GrainSystem ÷ peer (median of the per-round ratios), or GrainSystem's own median.</summary>
public enum TargetOn
{
    Ratio,
    Value,
}

/// <summary>A row's target: <see cref="On"/> at least (or at most) <see cref="Bound"/>; <see cref="Why"/> says where it comes from.</summary>
public sealed record Target(string Row, TargetOn On, bool AtLeast, double Bound, string Unit, string Why)
{
    public bool IsMet(double value) => double.IsFinite(value) && (AtLeast ? value >= Bound : value <= Bound);

    public override string ToString() =>
        $"{(AtLeast ? "≥" : "≤")} {(On == TargetOn.Ratio ? Bound.ToString("0.##", CultureInfo.InvariantCulture) + "×" : MarkdownTable.Format(Bound, Unit))}";
}

/// <summary>
/// Every target of the suite, in one place (docs/benchmarks.md states the same table: <c>targets</c> prints it). Ratios are
/// always GrainSystem ÷ peer: for rates higher is better, for latencies, memory and CPU lower is better.
/// </summary>
public static class Targets
{
    public static IReadOnlyList<Target> All { get; } =
    [
        new("memory.per-key", TargetOn.Ratio, false, 1.5, "", "memory per key within 1.5× of Redis's own per-key cost"),
        new("memory.bound", TargetOn.Value, false, 96, "MiB", "with Cache__MaxMemoryMB=32 the process grows by less than 3× the budget"),
        new("cache.embedded.writes", TargetOn.Ratio, true, 2, "", "embedded grain calls write new keys at twice the rate of pipelined SET"),
        new("cache.embedded.writes.cpu", TargetOn.Ratio, false, 0.5, "", "… at half the CPU per operation"),
        new("cache.embedded.reads", TargetOn.Ratio, true, 2, "", "embedded hot reads at twice the rate of pipelined GET"),
        new("cache.embedded.reads.cpu", TargetOn.Ratio, false, 0.5, "", "… at half the CPU per operation"),
        new("cache.write-through.writes", TargetOn.Ratio, true, 0.8, "", "write-through new-key writes at 0.8× pipelined SET (one fenced batch per partition)"),
        new("cache.write-through.reads", TargetOn.Ratio, true, 2, "", "write-through hot reads, served from the owner's memory, at twice GET"),
        new("http.vs-redis", TargetOn.Ratio, true, 1.5, "", "1.5× the requests/s of a minimal API on IDistributedCache over Redis"),
        new("http.vs-dictionary", TargetOn.Ratio, true, 0.85, "", "0.85× the same minimal API on a ConcurrentDictionary: near the limit of one machine"),
        new("http.p99", TargetOn.Value, false, 5_000, "µs", "p99 within 5 ms at 64 connections"),
        new("http.warm-start", TargetOn.Value, true, 0.8, "× steady", "the first round after start within 20 % of the steady state"),
        new("lock.pair.vs-medallion", TargetOn.Ratio, false, 1.5, "", "an uncontended durable, fenced pair within 1.5× of DistributedLock.Redis's pair"),
        new("lock.pair.vs-setnx", TargetOn.Ratio, false, 2, "", "within 2× of two bare Redis commands"),
        new("lock.handoff.p50.vs-medallion", TargetOn.Ratio, false, 0.1, "", "a queued waiter woken by the release: 10× faster than a polling one"),
        new("lock.handoff.p99.vs-medallion", TargetOn.Ratio, false, 0.25, "", "4× faster at the tail"),
        new("lock.handoff.p50.vs-setnx", TargetOn.Ratio, false, 0.1, "", "10× faster than a 10 ms poll"),
        new("lock.handoff.p99.vs-setnx", TargetOn.Ratio, false, 0.25, "", "4× faster at the tail"),
        new("jobs.primes", TargetOn.Ratio, true, 0.85, "", "a durable, retried, chunked job at 0.85× Parallel.ForEach in one process"),
        new("jobs.dispatch", TargetOn.Value, false, 100, "µs", "at most 100 µs of dispatch per chunk at parallelism 64"),
        new("events.embedded.p50.vs-pubsub", TargetOn.Ratio, false, 1, "", "retained events delivered no slower than pub/sub delivers unretained ones"),
        new("events.embedded.p99.vs-pubsub", TargetOn.Ratio, false, 1, "", "retained events delivered no slower than pub/sub delivers unretained ones"),
        new("events.redis.p50.vs-pubsub", TargetOn.Ratio, false, 1, "", "with Redis retention, no slower than pub/sub"),
        new("events.redis.p99.vs-pubsub", TargetOn.Ratio, false, 1, "", "with Redis retention, no slower than pub/sub"),
        new("events.redis.p50.vs-streams", TargetOn.Ratio, false, 1, "", "no slower than the retained peer"),
        new("events.redis.p99.vs-streams", TargetOn.Ratio, false, 1, "", "no slower than the retained peer"),
        new("resp.get.vs-redis", TargetOn.Ratio, true, 0.75, "", "redis-benchmark GET at 0.75× redis-server"),
        new("resp.set.vs-redis", TargetOn.Ratio, true, 0.75, "", "redis-benchmark SET at 0.75× redis-server"),
        new("resp.get.p16.vs-redis", TargetOn.Ratio, true, 0.5, "", "pipelined (-P 16) GET at 0.5× redis-server"),
        new("resp.set.p16.vs-redis", TargetOn.Ratio, true, 0.5, "", "pipelined (-P 16) SET at 0.5× redis-server"),
        new("resp.get.vs-garnet", TargetOn.Ratio, true, 1, "", "at least Garnet's ratio to redis-server"),
        new("resp.set.vs-garnet", TargetOn.Ratio, true, 1, "", "at least Garnet's ratio to redis-server"),
        new("resp.get.p16.vs-garnet", TargetOn.Ratio, true, 1, "", "at least Garnet's ratio to redis-server"),
        new("resp.set.p16.vs-garnet", TargetOn.Ratio, true, 1, "", "at least Garnet's ratio to redis-server"),
    ];

    public static Target? For(string row) => All.FirstOrDefault(t => t.Row == row);
}

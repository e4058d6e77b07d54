using System.Diagnostics;
using GrainSystem.Benchmarks.Suite;
using GrainSystem.Client.Locking;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Benchmarks.Locking;

/// <summary>
/// <c>lock</c>: an uncontended acquire+release pair from one caller, and the hand-off from a holder's release to the next
/// waiter's grant, for lock grains on a co-hosted silo with their grants stored in Redis, beside Medallion's
/// <c>RedisDistributedLock</c> (DistributedLock.Redis, the .NET lock library users pick; it waits by polling) and the bare
/// <c>SET NX PX</c> lock (a 10 ms poll), all on the same local redis-server.
/// </summary>
public sealed class LockScenario : IScenario
{
    /// <summary>Time for a started waiter to make its first attempt (GrainSystem: to be queued) before the holder releases.</summary>
    private static readonly TimeSpan WaiterSettles = TimeSpan.FromMilliseconds(15);

    public string Name => "lock";

    public int Order => 3;

    public async Task RunAsync(ScenarioContext context)
    {
        var settings = context.Settings;
        var cancellationToken = context.CancellationToken;
        await using var redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        using var watch = context.Cpu.Watch("redis-server", redis.Pid);
        await using var silo = await CoHostedSilo.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString }, cancellationToken);
        var database = redis.Connection.GetDatabase();
        var grainSystem = LockContestant.GrainSystem(silo.Services.GetRequiredService<ILockClient>());
        var medallion = LockContestant.Medallion(database);
        var setNx = LockContestant.SetNx(database, TimeSpan.FromMilliseconds(10));

        var pairs = settings.Pick(smoke: 20, quick: 400, full: 1000);
        Side Pairs(LockContestant c) => new(c.Name, (round, ct) => PairsAsync(c, $"pair-{round}-{Guid.NewGuid():N}", pairs, ct));
        var pairSides = new[] { Pairs(grainSystem), Pairs(medallion), Pairs(setNx) };
        context.Progress("uncontended pairs");
        var pairRounds = await Rounds.RunAsync(context, pairSides);
        pairRounds.Compare("lock.pair.vs-medallion", "lock acquire+release, uncontended, p50", pairSides[0], pairSides[1], Sample.P50, "µs");
        pairRounds.Compare("lock.pair.vs-setnx", "lock acquire+release, uncontended, p50", pairSides[0], pairSides[2], Sample.P50, "µs");

        Side HandOffs(LockContestant c, int count) => new(c.Name, (round, ct) => HandOffsAsync(c, $"handoff-{round}-{Guid.NewGuid():N}", count, ct));
        var handOffSides = new[]
        {
            HandOffs(grainSystem, settings.Pick(smoke: 3, quick: 40, full: 100)),
            HandOffs(medallion, settings.Pick(smoke: 2, quick: 8, full: 20)),
            HandOffs(setNx, settings.Pick(smoke: 3, quick: 30, full: 60)),
        };
        context.Progress("hand-offs");
        var handOffRounds = await Rounds.RunAsync(context, handOffSides);
        foreach (var (figure, label) in new[] { (Sample.P50, "p50"), (Sample.P99, "p99") })
        {
            handOffRounds.Compare($"lock.handoff.{label}.vs-medallion", $"lock hand-off release → next waiter's grant, {label}", handOffSides[0],
                handOffSides[1], figure, "µs");
            handOffRounds.Compare($"lock.handoff.{label}.vs-setnx", $"lock hand-off release → next waiter's grant, {label}", handOffSides[0],
                handOffSides[2], figure, "µs");
        }

        context.Note($"{pairs:N0} sequential pairs per side and round on one lock name; hand-offs per round: " +
            string.Join(", ", handOffSides.Select(s => $"{s.Name} {handOffRounds.Of(s)[0].Sample.Operations}")) +
            $" (a p99 of few hand-offs is near their maximum). A hand-off: the waiter starts, {WaiterSettles.TotalMilliseconds:0} ms later the " +
            "holder releases; the time from the release call to the waiter's grant. GrainSystem's waiter is woken by the release (FIFO queue); " +
            "Medallion's sleeps a random 10–800 ms between attempts, the SET NX PX waiter 10 ms. GrainSystem's grants are durable (each grant " +
            "and release one Redis write) and fenced.");
    }

    private static async Task<Sample> PairsAsync(LockContestant contestant, string name, int count, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var release = await contestant.AcquireAsync(name, TimeSpan.Zero, cancellationToken);
            await release();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        return Latencies.ToSample(latencies);
    }

    /// <summary>Ping-pong on one lock: each waiter becomes the holder that releases to the next.</summary>
    private static async Task<Sample> HandOffsAsync(LockContestant contestant, string name, int count, CancellationToken cancellationToken)
    {
        var release = await contestant.AcquireAsync(name, TimeSpan.Zero, cancellationToken);
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var waiting = Task.Run(async () =>
            {
                var next = await contestant.AcquireAsync(name, TimeSpan.FromSeconds(30), cancellationToken);
                return (Release: next, At: Stopwatch.GetTimestamp());
            }, cancellationToken);
            await Task.Delay(WaiterSettles, cancellationToken);
            var released = Stopwatch.GetTimestamp();
            await release();
            var (next, grantedAt) = await waiting;
            latencies.Add(Stopwatch.GetElapsedTime(released, grantedAt).TotalMicroseconds);
            release = next;
        }

        await release();
        return Latencies.ToSample(latencies);
    }
}

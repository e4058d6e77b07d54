using System.Diagnostics;
using System.Globalization;
using GrainSystem.Abstractions.Events;
using GrainSystem.Client.Events;
using GrainSystem.Testing;
using HdrHistogram;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Events;

/// <summary>
/// Publish→deliver latency with one subscriber: a publisher publishes sequentially (waiting for each
/// acknowledgement), each event carrying its send timestamp; the subscriber records arrival − send.
/// Products: an embedded silo (retention in grain storage segments) and a silo whose retention is a Redis
/// Stream per topic (cluster mode storage); baseline: Redis PUBLISH/SUBSCRIBE (no retention, no resume).
/// Rounds alternate product and baseline.
/// </summary>
public sealed class EventsBenchmark : IBenchmarkScenario
{
    public string Name => "events";

    public string Description => "publish→deliver latency, one subscriber (--events 10000 --rounds 5 --warmup 5000 --background-subscriptions 10000) vs Redis PUBLISH/SUBSCRIBE";

    public async Task<BenchmarkReport> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var total = options.Int("events", 10_000);
        var rounds = Math.Max(1, options.Int("rounds", 5));
        var perRound = Math.Max(1, total / rounds);
        var warmup = options.Int("warmup", 5_000);

        await using var redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        await using var embedded = await CoHostedSilo.StartAsync(SiloSettings(redisConnection: null), cancellationToken);
        await using var clustered = await CoHostedSilo.StartAsync(SiloSettings(redis.ConnectionString), cancellationToken);
        var embeddedBus = embedded.Services.GetRequiredService<IEventClient>();
        var clusteredBus = clustered.Services.GetRequiredService<IEventClient>();

        var report = new BenchmarkReport(Name);
        foreach (var oneInFlight in new[] { true, false })
        {
            var load = oneInFlight ? "one event in flight" : "publisher at full speed";
            var runs = new (string Name, Func<int, HistogramBase, Task<TimeSpan>> Run, HistogramBase Latency, List<TimeSpan> Elapsed)[]
            {
                ("embedded silo, grain storage segments", (n, h) => RunGrainSystemAsync(embeddedBus, n, h, oneInFlight, cancellationToken), NewHistogram(), []),
                ("silo, Redis Stream retention", (n, h) => RunGrainSystemAsync(clusteredBus, n, h, oneInFlight, cancellationToken), NewHistogram(), []),
                ("Redis PUBLISH/SUBSCRIBE", (n, h) => RunRedisPubSubAsync(redis.Connection, n, h, oneInFlight), NewHistogram(), []),
            };

            foreach (var run in runs)
            {
                await run.Run(warmup, NewHistogram());
            }

            for (var round = 0; round < rounds; round++)
            {
                foreach (var run in runs)
                {
                    run.Elapsed.Add(await run.Run(perRound, run.Latency));
                }
            }

            var baseline = runs[^1];
            foreach (var product in runs[..^1])
            {
                report.Add($"median latency, {load} ({product.Name})", "GrainSystem", Micros(product.Latency, 50), baseline.Name, Micros(baseline.Latency, 50), "µs", higherIsBetter: false);
                report.Add($"p99 latency, {load} ({product.Name})", "GrainSystem", Micros(product.Latency, 99), baseline.Name, Micros(baseline.Latency, 99), "µs", higherIsBetter: false);
                report.Add($"events/s, {load} ({product.Name})", "GrainSystem", Rate(perRound, product.Elapsed), baseline.Name, Rate(perRound, baseline.Elapsed), "events/s");
            }
        }

        // The same one-in-flight measure with many non-matching subscriptions in the same routers.
        var background = options.Int("background-subscriptions", 10_000);
        var without = NewHistogram();
        var with = NewHistogram();
        var withoutElapsed = new List<TimeSpan>();
        var withElapsed = new List<TimeSpan>();
        for (var round = 0; round < rounds; round++)
        {
            withoutElapsed.Add(await RunGrainSystemAsync(embeddedBus, perRound, without, oneInFlight: true, cancellationToken));
            await using (await BackgroundSubscriptions.RegisterAsync(embedded.Grains, background))
            {
                await RunGrainSystemAsync(embeddedBus, warmup / rounds, NewHistogram(), oneInFlight: true, cancellationToken);
                withElapsed.Add(await RunGrainSystemAsync(embeddedBus, perRound, with, oneInFlight: true, cancellationToken));
            }
        }

        var label = $"with {background:N0} other subscriptions";
        report.Add("median latency, one event in flight, embedded", label, Micros(with, 50), "no other subscriptions", Micros(without, 50), "µs", higherIsBetter: false);
        report.Add("p99 latency, one event in flight, embedded", label, Micros(with, 99), "no other subscriptions", Micros(without, 99), "µs", higherIsBetter: false);
        report.Add("events/s, one event in flight, embedded", label, Rate(perRound, withElapsed), "no other subscriptions", Rate(perRound, withoutElapsed), "events/s");

        report.Notes.Add($"{perRound * rounds} measured events per row ({rounds} alternating rounds of {perRound}, after {warmup} warm-up events), one subscriber, one sequential publisher (\"one event in flight\": the next publish waits for the delivery of the previous one; \"full speed\": it waits only for the acknowledgement); latency = arrival at the subscriber − just before publish.");
        report.Notes.Add("GrainSystem retains every event (resumable with Last-Event-ID); Redis pub/sub retains nothing.");
        report.Notes.Add($"Measured on a shared {Environment.ProcessorCount}-core machine; silos co-hosted in the benchmark process.");
        return report;
    }

    private static async Task<TimeSpan> RunGrainSystemAsync(IEventClient bus, int count, HistogramBase latency, bool oneInFlight, CancellationToken cancellationToken)
    {
        var topic = $"bench.{Guid.NewGuid():N}";
        await using var subscription = await bus.OpenAsync([topic], cancellationToken: cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(5));
        using var delivered = new SemaphoreSlim(0);
        var reading = Task.Run(async () =>
        {
            var received = 0;
            await foreach (var e in subscription.ReadAllAsync(deadline.Token))
            {
                Record(latency, e.Data);
                delivered.Release();
                if (++received == count)
                {
                    return;
                }
            }

            throw new InvalidOperationException($"The subscription ended after {received} of {count} events (overflow?).");
        }, deadline.Token);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var result = await bus.PublishAsync(topic, Payload(), cancellationToken);
            if (result.Status != EventPublishStatus.Published)
            {
                throw new InvalidOperationException(result.Error);
            }

            if (oneInFlight)
            {
                await delivered.WaitAsync(deadline.Token);
            }
        }

        var elapsed = clock.Elapsed;
        await reading;
        return elapsed;
    }

    private static async Task<TimeSpan> RunRedisPubSubAsync(IConnectionMultiplexer connection, int count, HistogramBase latency, bool oneInFlight)
    {
        var channel = RedisChannel.Literal($"bench.{Guid.NewGuid():N}");
        var subscriber = connection.GetSubscriber();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = 0;
        using var delivered = new SemaphoreSlim(0);
        var queue = await subscriber.SubscribeAsync(channel);
        queue.OnMessage(message =>
        {
            Record(latency, message.Message.ToString());
            delivered.Release();
            if (++received == count)
            {
                done.TrySetResult();
            }
        });

        var database = connection.GetDatabase();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await database.PublishAsync(channel, Payload());
            if (oneInFlight)
            {
                await delivered.WaitAsync(TimeSpan.FromMinutes(1));
            }
        }

        var elapsed = clock.Elapsed;
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        await queue.UnsubscribeAsync();
        return elapsed;
    }

    private static string Payload() => "{\"t\":" + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture) + "}";

    private static void Record(HistogramBase latency, string payload)
    {
        var now = Stopwatch.GetTimestamp();
        var sent = long.Parse(payload.AsSpan(5, payload.Length - 6), CultureInfo.InvariantCulture);
        var micros = (long)Stopwatch.GetElapsedTime(sent, now).TotalMicroseconds;
        lock (latency)
        {
            latency.RecordValue(Math.Clamp(micros, 1, 60_000_000));
        }
    }

    /// <summary>A co-hosted silo's settings: Redis-backed when a connection string is given, with room for every event of a round.</summary>
    private static Dictionary<string, string?> SiloSettings(string? redisConnection) => new()
    {
        ["ConnectionStrings:Redis"] = redisConnection,
        ["Events:SubscriberBuffer"] = "100000",
    };

    private static HistogramBase NewHistogram() => new LongHistogram(60_000_000, 3);

    private static double Micros(HistogramBase histogram, double percentile) => histogram.GetValueAtPercentile(percentile);

    private static double Rate(int perRound, List<TimeSpan> elapsed) => perRound * elapsed.Count / elapsed.Sum(e => e.TotalSeconds);
}

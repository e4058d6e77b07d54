using System.Diagnostics;
using System.Globalization;
using GrainSystem.Abstractions.Events;
using GrainSystem.Benchmarks.Suite;
using GrainSystem.Client.Events;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Events;

/// <summary>
/// <c>events</c>: publish→deliver latency with one subscriber and one event in flight (the next publish waits for the delivery
/// of the previous one), each event carrying its send timestamp. GrainSystem on an embedded silo (retention in grain storage)
/// and on a silo whose retention is a Redis stream per topic, beside Redis pub/sub and Redis Streams
/// (<see cref="RedisPeers"/>) on the same local redis-server.
/// </summary>
public sealed class EventsScenario : IScenario
{
    public string Name => "events";

    public int Order => 5;

    public async Task RunAsync(ScenarioContext context)
    {
        var count = context.Settings.Pick(smoke: 50, quick: 1_000, full: 2_000);
        var cancellationToken = context.CancellationToken;
        await using var redis = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        using var watch = context.Cpu.Watch("redis-server", redis.Pid);
        await using var reader = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var embedded = await CoHostedSilo.StartAsync(SiloSettings(redisConnection: null), cancellationToken);
        await using var clustered = await CoHostedSilo.StartAsync(SiloSettings(redis.ConnectionString), cancellationToken);
        var embeddedBus = embedded.Services.GetRequiredService<IEventClient>();
        var clusteredBus = clustered.Services.GetRequiredService<IEventClient>();

        var embeddedSide = Latency("GrainSystem, embedded", (record, ct) => GrainSystemAsync(embeddedBus, count, record, ct));
        var redisSide = Latency("GrainSystem, Redis stream retention", (record, ct) => GrainSystemAsync(clusteredBus, count, record, ct));
        var pubSub = Latency("Redis PUBLISH/SUBSCRIBE", (record, _) => RedisPeers.PubSubAsync(redis.Connection, count, Payload, record));
        var streams = Latency("Redis Streams XADD/XREAD BLOCK",
            (record, ct) => RedisPeers.StreamAsync(redis.Connection, reader, count, Payload, record, ct));
        var rounds = await Rounds.RunAsync(context, embeddedSide, redisSide, pubSub, streams);
        foreach (var (figure, label) in new[] { (Sample.P50, "p50"), (Sample.P99, "p99") })
        {
            var measure = $"publish→deliver {label}, one event in flight";
            rounds.Compare($"events.embedded.{label}.vs-pubsub", $"{measure}, embedded", embeddedSide, pubSub, figure, "µs");
            rounds.Compare($"events.redis.{label}.vs-pubsub", $"{measure}, Redis retention", redisSide, pubSub, figure, "µs");
            rounds.Compare($"events.redis.{label}.vs-streams", $"{measure}, Redis retention", redisSide, streams, figure, "µs");
        }

        context.Note($"{count:N0} events per side and round, one subscriber (the .NET event client; silos co-hosted in the benchmark process), " +
            "one sequential publisher; latency = arrival at the subscriber − just before the publish. GrainSystem retains every event " +
            "(resumable with Last-Event-ID), as a stream does; pub/sub retains nothing.");
    }

    /// <summary>A side whose round runs <paramref name="run"/> and turns the latencies it recorded into p50 and p99.</summary>
    private static Side Latency(string name, Func<Action<string>, CancellationToken, Task> run) => new(name, async (_, ct) =>
    {
        var latencies = new List<double>();
        await run(payload => Record(latencies, payload), ct);
        return Latencies.ToSample(latencies);
    });

    private static async Task GrainSystemAsync(IEventClient bus, int count, Action<string> record, CancellationToken cancellationToken)
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
                record(e.Data);
                delivered.Release();
                if (++received == count)
                {
                    return;
                }
            }

            throw new InvalidOperationException($"The subscription ended after {received} of {count} events.");
        }, deadline.Token);

        for (var i = 0; i < count; i++)
        {
            var result = await bus.PublishAsync(topic, Payload(), cancellationToken);
            if (result.Status != EventPublishStatus.Published)
            {
                throw new InvalidOperationException(result.Error);
            }

            await delivered.WaitAsync(deadline.Token);
        }

        await reading;
    }

    private static string Payload() => "{\"t\":" + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture) + "}";

    private static void Record(List<double> latencies, string payload)
    {
        var now = Stopwatch.GetTimestamp();
        var sent = long.Parse(payload.AsSpan(5, payload.Length - 6), CultureInfo.InvariantCulture);
        lock (latencies)
        {
            latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMicroseconds);
        }
    }

    /// <summary>A co-hosted silo's settings: Redis-backed when a connection string is given, with room for every event of a round.</summary>
    private static Dictionary<string, string?> SiloSettings(string? redisConnection) => new()
    {
        ["ConnectionStrings:Redis"] = redisConnection,
        ["Events:SubscriberBuffer"] = "100000",
    };
}

using StackExchange.Redis;

namespace GrainSystem.Benchmarks.Events;

/// <summary>
/// The Redis peers of the <c>events</c> scenario, one event in flight: <c>PUBLISH</c>/<c>SUBSCRIBE</c> (nothing retained) and a
/// stream, <c>XADD</c> by the publisher and <c>XREAD BLOCK</c> by the subscriber on a connection of its own (retained, resumable
/// from an id: the peer that keeps what GrainSystem keeps). Each calls <c>record</c> with the payload on delivery.
/// </summary>
internal static class RedisPeers
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static async Task PubSubAsync(IConnectionMultiplexer connection, int count, Func<string> payload, Action<string> record)
    {
        var channel = RedisChannel.Literal($"bench.{Guid.NewGuid():N}");
        using var delivered = new SemaphoreSlim(0);
        var queue = await connection.GetSubscriber().SubscribeAsync(channel);
        queue.OnMessage(message =>
        {
            record(message.Message.ToString());
            delivered.Release();
        });

        var database = connection.GetDatabase();
        for (var i = 0; i < count; i++)
        {
            await database.PublishAsync(channel, payload());
            await Delivered(delivered);
        }

        await queue.UnsubscribeAsync();
    }

    public static async Task StreamAsync(IConnectionMultiplexer publisher, IConnectionMultiplexer reader, int count, Func<string> payload,
        Action<string> record, CancellationToken cancellationToken)
    {
        var key = $"bench.{Guid.NewGuid():N}";
        using var delivered = new SemaphoreSlim(0);
        var reading = Task.Run(async () =>
        {
            var last = "0-0";
            var received = 0;
            while (received < count && !cancellationToken.IsCancellationRequested)
            {
                var answer = await reader.GetDatabase().ExecuteAsync("XREAD", "BLOCK", "5000", "STREAMS", key, last);
                if (answer.IsNull)
                {
                    continue;
                }

                // [[key, [[id, [field, value]], …]]]
                foreach (var entry in (RedisResult[])((RedisResult[])((RedisResult[])answer!)[0]!)[1]!)
                {
                    var parts = (RedisResult[])entry!;
                    last = parts[0].ToString();
                    record(((RedisResult[])parts[1]!)[1].ToString());
                    received++;
                    delivered.Release();
                }
            }
        }, cancellationToken);

        var database = publisher.GetDatabase();
        for (var i = 0; i < count; i++)
        {
            await database.StreamAddAsync(key, "d", payload());
            await Delivered(delivered);
        }

        await reading.WaitAsync(Bound, cancellationToken);
        await database.KeyDeleteAsync(key);
    }

    private static async Task Delivered(SemaphoreSlim delivered)
    {
        if (!await delivered.WaitAsync(Bound))
        {
            throw new TimeoutException($"An event was not delivered within {Bound.TotalSeconds:0} s.");
        }
    }
}

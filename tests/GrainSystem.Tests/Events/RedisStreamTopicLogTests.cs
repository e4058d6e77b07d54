using GrainSystem.Abstractions.Events;
using GrainSystem.Grains.Events;
using GrainSystem.Testing;
using StackExchange.Redis;

namespace GrainSystem.Tests.Events;

/// <summary>The Redis Stream retention on a real redis-server: keys stored in the event's own entry, and failed appends.</summary>
public sealed class RedisStreamTopicLogTests : IAsyncLifetime
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task The_keys_of_keyed_events_are_read_back_from_their_entries_without_the_data()
    {
        var topic = EventStreams.UniqueTopic("redis-keys");
        var log = new RedisStreamTopicLog(_redis.Database, "svc", topic, retain: 100);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await log.AppendAsync(new Event(1, topic, "1", at), new EventPublishKey("k1", "f1", Retention));
        await log.AppendAsync(new Event(2, topic, "2", at));
        await log.AppendAsync(new Event(3, topic, "3", at), new EventPublishKey("k3", "f3", Retention));

        Assert.Equal([new PublishRecord("k1", "f1", 1, at), new PublishRecord("k3", "f3", 3, at)], await log.ReadKeysAfterAsync(0));
        Assert.Equal([new PublishRecord("k3", "f3", 3, at)], await log.ReadKeysAfterAsync(1));
        Assert.Empty(await log.ReadKeysAfterAsync(3));
        Assert.Equal(["1", "2", "3"], (await log.ReadAfterAsync(0, 10, lastId: 3)).Events.Select(e => e.Data));
    }

    [Fact]
    public async Task Keys_are_read_page_by_page_past_the_first_page()
    {
        var topic = EventStreams.UniqueTopic("redis-pages");
        var log = new RedisStreamTopicLog(_redis.Database, "svc", topic, retain: 2000);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        for (var id = 1; id <= 1200; id++)
        {
            await log.AppendAsync(new Event(id, topic, "0", at), id % 100 == 0 ? new EventPublishKey($"k{id}", "f", Retention) : null);
        }

        Assert.Equal(Enumerable.Range(1, 12).Select(i => i * 100L), (await log.ReadKeysAfterAsync(0)).Select(r => r.Id));
        Assert.Equal([1100L, 1200L], (await log.ReadKeysAfterAsync(1000)).Select(r => r.Id));
    }

    [Fact]
    public async Task An_append_that_timed_out_may_have_landed_and_its_key_is_found_afterwards()
    {
        var topic = EventStreams.UniqueTopic("redis-timeout");
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},asyncTimeout=300,syncTimeout=300");
        var log = new RedisStreamTopicLog(connection.GetDatabase(), "svc", topic, retain: 100);
        _redis.Pause();
        Exception? failure;
        try
        {
            failure = await Record.ExceptionAsync(() => log.AppendAsync(new Event(1, topic, "1", DateTimeOffset.UtcNow),
                new EventPublishKey("k", "f", Retention)));
        }
        finally
        {
            _redis.Resume();
        }

        Assert.NotNull(failure);
        Assert.False(TopicStoreFailure.NothingSent(failure));
        await Poll.UntilAsync(async () => (await log.ReadKeysAfterAsync(0)).Count == 1, EventStreams.Deadline, "the timed-out append to land");
        Assert.Equal(1, (await log.LoadAsync())!.Id);
    }

    [Fact]
    public async Task An_error_answer_from_redis_stored_nothing()
    {
        var failure = await Record.ExceptionAsync(() => _redis.Database.ExecuteAsync("XADD", "no-such-option"));

        Assert.True(TopicStoreFailure.NothingSent(Assert.IsType<RedisServerException>(failure)));
    }
}

using GrainSystem.Abstractions.Events;
using GrainSystem.Grains.Events;
using GrainSystem.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainSystem.Tests.Events;

public sealed class SegmentedTopicLogFailureTests
{
    private const int Retain = 10;

    [Fact]
    public async Task Failing_to_clear_expired_segments_never_fails_a_publish_or_reuses_an_id()
    {
        var (storage, grainId, topic) = Create();
        storage.Fails = call => call.Operation == GrainStorageOperation.Clear;
        var log = new SegmentedTopicLog(storage, grainId, topic, Retain, NullLogger.Instance);
        await log.LoadAsync();

        var count = SegmentedTopicLog.SegmentSize * 3;
        for (var id = 1; id <= count; id++)
        {
            await log.AppendAsync(Event(topic, id));
        }

        var reloaded = new SegmentedTopicLog(storage, grainId, topic, Retain, NullLogger.Instance);
        Assert.Equal(count, (await reloaded.LoadAsync())!.Id);
        var (events, first) = await reloaded.ReadAfterAsync(0, 100, lastId: count);
        Assert.Equal(count - Retain + 1, first);
        Assert.Equal(Enumerable.Range(count - Retain + 1, Retain).Select(i => (long)i), events.Select(e => e.Id));
    }

    [Fact]
    public async Task A_failed_head_write_at_a_segment_boundary_stores_nothing_and_the_retry_stores_the_event_once()
    {
        var (storage, grainId, topic) = Create();
        var log = new SegmentedTopicLog(storage, grainId, topic, Retain, NullLogger.Instance);
        await log.LoadAsync();
        for (var id = 1; id <= SegmentedTopicLog.SegmentSize; id++)
        {
            await log.AppendAsync(Event(topic, id));
        }

        // The next event starts a segment: its head write fails, so the publish fails and stores nothing.
        var next = SegmentedTopicLog.SegmentSize + 1;
        storage.Fails = call => call.Operation == GrainStorageOperation.Write && call.StateName == "events-head";
        await Assert.ThrowsAsync<IOException>(() => log.AppendAsync(Event(topic, next)));
        Assert.Equal(next - 1, (await new SegmentedTopicLog(storage, grainId, topic, Retain, NullLogger.Instance).LoadAsync())!.Id);

        storage.Fails = _ => false;
        await log.AppendAsync(Event(topic, next));
        await log.AppendAsync(Event(topic, next + 1));

        var reloaded = new SegmentedTopicLog(storage, grainId, topic, Retain, NullLogger.Instance);
        Assert.Equal(next + 1, (await reloaded.LoadAsync())!.Id);
        var (events, _) = await reloaded.ReadAfterAsync(next - 2, 100, lastId: next + 1);
        Assert.Equal([next - 1, next, next + 1], events.Select(e => e.Id));
    }

    [Fact]
    public async Task A_failed_segment_write_stores_nothing_and_the_retry_takes_the_same_id()
    {
        var (storage, grainId, topic) = Create();
        var log = new SegmentedTopicLog(storage, grainId, topic, Retain, NullLogger.Instance);
        await log.LoadAsync();
        await log.AppendAsync(Event(topic, 1));

        storage.Fails = call => call.Operation == GrainStorageOperation.Write && call.StateName.StartsWith("events-0", StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(() => log.AppendAsync(Event(topic, 2)));
        storage.Fails = _ => false;
        await log.AppendAsync(Event(topic, 2));

        var reloaded = new SegmentedTopicLog(storage, grainId, topic, Retain, NullLogger.Instance);
        Assert.Equal(2, (await reloaded.LoadAsync())!.Id);
        var (events, _) = await reloaded.ReadAfterAsync(0, 100, lastId: 2);
        Assert.Equal([1L, 2L], events.Select(e => e.Id));
    }

    private static (InMemoryGrainStorage Storage, GrainId GrainId, string Topic) Create()
    {
        var topic = EventStreams.UniqueTopic("segments");
        return (new InMemoryGrainStorage(), GrainId.Create("topic", topic), topic);
    }

    private static Event Event(string topic, long id) => new(id, topic, $"{id}", DateTimeOffset.UtcNow);
}

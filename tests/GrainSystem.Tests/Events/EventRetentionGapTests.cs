using System.Globalization;
using System.Text.Json;
using GrainSystem.Abstractions.Events;
using GrainSystem.Grains.Events;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Events;

/// <summary>Catch-up over retention that is not what the cursor expects: ids that restarted, ids missing inside the window.</summary>
[Collection(EventsClusterCollection.Name)]
public sealed class EventRetentionGapTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task A_cursor_ahead_of_a_topic_whose_ids_restarted_gets_a_gap_then_the_new_events()
    {
        // The topic's log was lost (an embedded restart, Redis data loss): its ids start at 1 again, while
        // the reconnecting cursor says 500 were delivered.
        var topic = EventStreams.UniqueTopic("restart");
        await fixture.PublishNumbersAsync(topic, 3);

        var cursor = $"{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()};{topic}=500";
        await using var resumed = await fixture.Events.OpenAsync([topic], cursor);
        var received = await resumed.TakeAsync(4);

        Assert.Equal(EventKinds.Gap, received[0].Kind);
        using var gap = JsonDocument.Parse(received[0].Data);
        Assert.Equal(500, gap.RootElement.GetProperty("restartedAfter").GetInt64());
        Assert.Equal([1L, 2L, 3L], received.Skip(1).Select(e => e.Id));
        Assert.Equal(3, resumed.Cursor.LastId(topic));
    }

    [Fact]
    public async Task A_live_subscriber_notices_a_topic_whose_ids_restarted_and_delivers_the_new_events()
    {
        var topic = EventStreams.UniqueTopic("liverestart");
        await using var subscription = await fixture.Events.OpenAsync([topic]);
        await fixture.PublishNumbersAsync(topic, 3);

        Assert.Equal([1L, 2L, 3L], (await subscription.TakeAsync(3)).Select(e => e.Id));

        await LoseTheLogAsync(topic);

        Assert.Equal(1, (await fixture.Events.PublishAsync(topic, "\"new 1\"")).Id);
        Assert.Equal(2, (await fixture.Events.PublishAsync(topic, "\"new 2\"")).Id);

        var received = await subscription.TakeAsync(3);
        Assert.Equal(EventKinds.Gap, received[0].Kind);
        using var gap = JsonDocument.Parse(received[0].Data);
        Assert.Equal(3, gap.RootElement.GetProperty("restartedAfter").GetInt64());
        Assert.Equal(["\"new 1\"", "\"new 2\""], received.Skip(1).Select(e => e.Data));
        Assert.Equal(2, subscription.Cursor.LastId(topic));
    }

    [Fact]
    public async Task A_live_subscriber_notices_restarted_ids_even_when_the_new_numbering_starts_within_the_same_millisecond()
    {
        // Losing the log and publishing again is quick, so the new numbering's first event can fall in the millisecond
        // of the old numbering's last one: the round is repeated so that this case comes up.
        for (var round = 0; round < 40; round++)
        {
            var topic = EventStreams.UniqueTopic("samems");
            await using var subscription = await fixture.Events.OpenAsync([topic]);
            await fixture.Events.PublishAsync(topic, "1");
            var old = (await subscription.TakeAsync(1))[0];
            await LoseTheLogAsync(topic);
            var renewed = await fixture.Events.PublishAsync(topic, "\"new 1\"");

            var received = await subscription.TakeAsync(2);
            Assert.Equal(EventKinds.Gap, received[0].Kind);
            Assert.Equal((1L, "\"new 1\""), (received[1].Id, received[1].Data));
            Assert.True(received[1].Timestamp > old.Timestamp, $"round {round}: the new numbering's first event must be later than the old one's last");
            Assert.Equal(1, renewed.Id);
        }
    }

    /// <summary>The topic's log is lost (an embedded restart, Redis data loss) and its grain starts again from nothing.</summary>
    private async Task LoseTheLogAsync(string topic)
    {
        var storage = fixture.Cluster.DefaultStorage();
        var grainId = GrainId.Create("topic", topic);
        var head = await fixture.Cluster.ReadStateAsync<TopicHeadState>(grainId, "events-head");
        await storage.ClearStateAsync("events-head", grainId, head);
        var segment = await fixture.Cluster.ReadStateAsync<TopicSegmentState>(grainId, "events-0");
        await storage.ClearStateAsync("events-0", grainId, segment);
        await fixture.Cluster.DeactivateAsync(fixture.Cluster.Client.GetGrain<ITopicGrain>(topic));
    }

    [Fact]
    public async Task An_id_missing_inside_the_retention_is_reported_as_a_gap_not_skipped()
    {
        // A log holding 1, 2, 4, 5 (3 lost from the store).
        var topic = EventStreams.UniqueTopic("hole");
        var storage = fixture.Cluster.DefaultStorage();
        var grainId = GrainId.Create("topic", topic);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var segment = new TopicSegmentState
        {
            Events = [.. new[] { 1, 2, 4, 5 }.Select(id => new StoredEvent { Id = id, Data = $"{id}", TimestampMs = now })],
        };
        await storage.WriteStateAsync("events-0", grainId, new GrainState<TopicSegmentState>(segment));
        await storage.WriteStateAsync("events-head", grainId, new GrainState<TopicHeadState>(new TopicHeadState { FirstSegment = 0, LastSegment = 0 }));
        await fixture.Cluster.Client.GetGrain<ITopicDirectoryGrain>(EventRouting.DirectoryFor(topic)).Register(topic);

        var cursor = string.Create(CultureInfo.InvariantCulture, $"{now - 60_000};{topic}=1");
        await using var resumed = await fixture.Events.OpenAsync([topic], cursor);
        var received = await resumed.TakeAsync(4);

        Assert.Equal([EventKinds.Published, EventKinds.Gap, EventKinds.Published, EventKinds.Published], received.Select(e => e.Kind));
        Assert.Equal(2, received[0].Id);
        using var gap = JsonDocument.Parse(received[1].Data);
        Assert.Equal(3, gap.RootElement.GetProperty("from").GetInt64());
        Assert.Equal(3, gap.RootElement.GetProperty("to").GetInt64());
        Assert.Equal([4L, 5L], received.Skip(2).Select(e => e.Id));
    }

    [Fact]
    public async Task Live_events_filling_the_buffer_during_a_catch_up_cause_another_catch_up_not_an_overflow()
    {
        var topic = EventStreams.UniqueTopic("busyresume");
        await fixture.PublishNumbersAsync(topic, 10);

        var cursor = $"{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()};{topic}=0";
        await using var resumed = await fixture.Events.OpenAsync([topic], cursor);
        using var timeout = new CancellationTokenSource(EventStreams.Deadline);
        await using var reader = resumed.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        // The reader is in the middle of its catch-up while more live events arrive than its buffer holds.
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(1, reader.Current.Id);
        var published = 10 + EventsClusterFixture.SubscriberBuffer + 100;
        for (var i = 11; i <= published; i++)
        {
            Assert.Equal(EventPublishStatus.Published, (await fixture.Events.PublishAsync(topic, $"{i}")).Status);
        }

        var received = new List<Event> { reader.Current };
        while (resumed.Cursor.LastId(topic) < published)
        {
            Assert.True(await reader.MoveNextAsync(), "the subscription ended");
            received.Add(reader.Current);
        }

        Assert.False(resumed.Overflowed);
        Assert.DoesNotContain(received, e => e.Kind == EventKinds.Overflow);
        // Every id delivered once in order, or reported lost (the retention keeps 50).
        var ids = received.Where(e => e.IsPublished).Select(e => e.Id).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var lost = received.Where(e => e.Kind == EventKinds.Gap).Select(e => JsonDocument.Parse(e.Data).RootElement)
            .SelectMany(g => LongRange(g.GetProperty("from").GetInt64(), g.GetProperty("to").GetInt64()));
        Assert.Equal(LongRange(1, published), ids.Concat(lost).Order());
    }

    private static IEnumerable<long> LongRange(long from, long to)
    {
        for (var id = from; id <= to; id++)
        {
            yield return id;
        }
    }
}

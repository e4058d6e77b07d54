using GrainSystem.Abstractions.Events;
using GrainSystem.Grains.Events;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Events;

[Collection(EventsClusterCollection.Name)]
public sealed class EventRetentionTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task Retained_events_and_ids_survive_the_topic_grain_being_deactivated()
    {
        var topic = EventStreams.UniqueTopic("retained");
        var grain = fixture.Cluster.Client.GetGrain<ITopicGrain>(topic);
        await fixture.PublishNumbersAsync(topic, 10);

        await fixture.Cluster.DeactivateAsync(grain);
        var next = await fixture.Events.PublishAsync(topic, "11");

        Assert.Equal(11, next.Id);
        var page = await grain.ReadAfter(0, 100);
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), page.Events.Select(e => e.Id));
        Assert.Equal(["1", "10", "11"], new[] { page.Events[0].Data, page.Events[9].Data, page.Events[10].Data });
    }

    [Fact]
    public async Task Retention_keeps_the_last_events_in_segments_and_clears_whole_old_segments()
    {
        var topic = EventStreams.UniqueTopic("segments");
        var grain = fixture.Cluster.Client.GetGrain<ITopicGrain>(topic);
        const int published = 300;
        await fixture.PublishNumbersAsync(topic, published);

        var page = await grain.ReadAfter(0, 1000);
        var retain = EventsClusterFixture.RetainPerTopic;
        Assert.Equal(published - retain + 1, page.FirstRetainedId);
        Assert.Equal(Enumerable.Range(published - retain + 1, retain).Select(i => (long)i), page.Events.Select(e => e.Id));

        // Append-only: each publish wrote its segment; segments that left the window are gone from storage.
        var first = await fixture.Cluster.ReadStateAsync<TopicSegmentState>(grain.GetGrainId(), "events-0");
        Assert.False(first.RecordExists);
        var last = await fixture.Cluster.ReadStateAsync<TopicSegmentState>(grain.GetGrainId(), $"events-{(published - 1) / SegmentedTopicLog.SegmentSize}");
        Assert.True(last.RecordExists);
        Assert.Equal(published, last.State!.Events[^1].Id);
        Assert.True(last.State.Events.Count <= SegmentedTopicLog.SegmentSize);
    }

    [Fact]
    public async Task A_page_of_large_events_is_bounded_in_bytes_and_the_rest_follows_on_the_next_page()
    {
        var topic = EventStreams.UniqueTopic("bigpage");
        var data = System.Text.Json.JsonSerializer.Serialize(new string('x', 60_000));
        for (var i = 0; i < 30; i++)
        {
            await fixture.Events.PublishAsync(topic, data);
        }

        var grain = fixture.Cluster.Client.GetGrain<ITopicGrain>(topic);
        var first = await grain.ReadAfter(0, 30);
        Assert.InRange(first.Events.Length, 1, (1 << 20) / 60_000);
        Assert.Equal(30, first.LastId);
        var second = await grain.ReadAfter(first.Events[^1].Id, 30);
        Assert.Equal(first.Events[^1].Id + 1, second.Events[0].Id);
    }

    [Fact]
    public async Task Events_published_just_before_a_subscriber_start_by_a_skewed_clock_are_still_delivered_on_resume()
    {
        // The cursor's start comes from the subscriber's clock, event timestamps from the silo's: a subscriber
        // clock one second ahead must not make events published after it subscribed look older.
        var topic = EventStreams.UniqueTopic("skew");
        var start = DateTimeOffset.UtcNow.AddSeconds(1);
        await fixture.PublishNumbersAsync(topic, 3);

        await using var resumed = await fixture.Events.OpenAsync([topic], start.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([1L, 2L, 3L], (await resumed.TakeAsync(3)).Select(e => e.Id));
    }
}

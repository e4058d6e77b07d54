using GrainSystem.Abstractions.Events;

namespace GrainSystem.Tests.Events;

public sealed class EventCursorTests
{
    [Fact]
    public void Cursor_text_round_trips_start_and_per_topic_ids()
    {
        var cursor = new EventCursor(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123));
        cursor.Advance("user.created", 5);
        cursor.Advance("order.paid", 12);
        cursor.Advance("user.created", 4); // never goes back

        Assert.True(EventCursor.TryParse(cursor.ToString(), out var parsed, out _));
        Assert.Equal(cursor.Start, parsed!.Start);
        Assert.Equal(5, parsed.LastId("user.created"));
        Assert.Equal(12, parsed.LastId("order.paid"));
        Assert.Null(parsed.LastId("other"));
        Assert.Equal("1700000000123;order.paid=12;user.created=5", cursor.ToString());
        Assert.Equal(cursor.ToString(), parsed.ToString());
    }

    [Fact]
    public void Cursor_remembers_every_topic_of_a_wide_subscription_in_memory()
    {
        var cursor = new EventCursor(DateTimeOffset.UnixEpoch);
        for (var i = 0; i < 5_000; i++)
        {
            cursor.Advance($"t.{i}", i + 1);
        }

        // A live subscription spanning thousands of topics must still recognise each one's delivered ids.
        Assert.All(Enumerable.Range(0, 5_000), i => Assert.Equal(i + 1, cursor.LastId($"t.{i}")));
    }

    [Fact]
    public void Cursor_forgets_the_least_recently_delivered_topic_beyond_MaxTopics()
    {
        var cursor = new EventCursor(DateTimeOffset.UnixEpoch);
        for (var i = 0; i < EventCursor.MaxTopics; i++)
        {
            cursor.Advance($"t.{i}", 1);
        }

        cursor.Advance("t.0", 2); // t.0 is now the most recent; t.1 the least
        cursor.Advance("t.new", 1);

        Assert.Equal(EventCursor.MaxTopics, cursor.Count);
        Assert.Null(cursor.LastId("t.1"));
        Assert.Equal(2, cursor.LastId("t.0"));
        Assert.Equal(1, cursor.LastId("t.new"));
    }

    [Fact]
    public void Cursor_text_is_bounded_and_names_the_most_recently_delivered_topics()
    {
        var cursor = new EventCursor(DateTimeOffset.UnixEpoch);
        for (var i = 0; i < 1_000; i++)
        {
            cursor.Advance($"topic.number{i}", i + 1);
        }

        var text = cursor.ToString();
        Assert.InRange(text.Length, EventCursor.MaxTextLength - 40, EventCursor.MaxTextLength);
        Assert.True(EventCursor.TryParse(text, out var parsed, out _));
        Assert.Equal(1_000, parsed!.LastId("topic.number999"));
        Assert.Null(parsed.LastId("topic.number0"));
    }

    [Fact]
    public void Cursor_text_longer_than_MaxTextLength_is_rejected()
    {
        var text = "1;" + string.Join(';', Enumerable.Range(0, 1_000).Select(i => $"topic.number{i}=1"));
        Assert.False(EventCursor.TryParse(text, out _, out var error));
        Assert.Contains(EventCursor.MaxTextLength.ToString(), error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("1700000000000;a.b")]
    [InlineData("1700000000000;a..b=1")]
    [InlineData("1700000000000;a=-1")]
    [InlineData("1700000000000;a=x")]
    public void Malformed_cursor_text_is_rejected(string text) => Assert.False(EventCursor.TryParse(text, out _, out _));
}

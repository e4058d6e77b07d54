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
        Assert.Equal("1700000000123;user.created=5;order.paid=12", cursor.ToString());
    }

    [Fact]
    public void Cursor_names_at_most_MaxTopics_topics_forgetting_the_least_recently_delivered()
    {
        var cursor = new EventCursor(DateTimeOffset.UnixEpoch);
        for (var i = 0; i < EventCursor.MaxTopics; i++)
        {
            cursor.Advance($"t.{i}", 1);
        }

        cursor.Advance("t.0", 2); // t.0 is now the most recent; t.1 the least
        cursor.Advance("t.new", 1);

        Assert.Equal(EventCursor.MaxTopics, cursor.Topics.Count);
        Assert.Null(cursor.LastId("t.1"));
        Assert.Equal(2, cursor.LastId("t.0"));
        Assert.Equal(1, cursor.LastId("t.new"));
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

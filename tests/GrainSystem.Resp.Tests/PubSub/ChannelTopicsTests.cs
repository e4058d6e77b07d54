using System.Text;
using GrainSystem.Abstractions.Events;
using GrainSystem.Api.Resp.PubSub;

namespace GrainSystem.Resp.Tests.PubSub;

public sealed class ChannelTopicsTests
{
    [Theory]
    [InlineData("user.created", "user.created")]
    [InlineData("orders.eu-west.paid", "orders.eu-west.paid")]
    [InlineData("user_created", "user_created")]
    [InlineData("user:42", "_xuser_3A42")]
    [InlineData("a..b", "a._x.b")]
    [InlineData("", "_x")]
    [InlineData("gap", "_xgap")]
    [InlineData("gap.x", "gap.x")]
    [InlineData("_xyz", "_x_5Fxyz")]
    [InlineData("news.tech:uk", "news._xtech_3Auk")]
    public void A_channel_is_its_own_topic_when_it_is_one_and_escaped_word_by_word_otherwise(string channel, string topic)
    {
        Assert.True(ChannelTopics.TryGetTopic(Encoding.UTF8.GetBytes(channel), out var actual));
        Assert.Equal(topic, actual);
        Assert.True(EventTopic.IsValid(actual), actual);
        Assert.Equal(channel, Encoding.UTF8.GetString(ChannelTopics.ChannelOf(actual)));
    }

    [Fact]
    public void Every_channel_round_trips_through_a_valid_topic()
    {
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var channel = new byte[random.Next(0, 40)];
            random.NextBytes(channel);
            for (var j = 0; j < channel.Length; j++)
            {
                // Mostly topic characters and dots, with some of everything else.
                channel[j] = random.Next(4) == 0 ? channel[j] : (byte)"ab._-x9:"[random.Next(8)];
            }

            Assert.True(ChannelTopics.TryGetTopic(channel, out var topic));
            Assert.True(EventTopic.IsValid(topic), topic);
            Assert.Equal(channel, ChannelTopics.ChannelOf(topic));
        }
    }

    [Fact]
    public void A_channel_of_more_than_16_words_keeps_its_dots_in_the_last_word()
    {
        var channel = string.Join('.', Enumerable.Range(1, 20));
        Assert.True(ChannelTopics.TryGetTopic(Encoding.ASCII.GetBytes(channel), out var topic));
        Assert.Equal(16, topic.Split('.').Length);
        Assert.Equal(channel, Encoding.ASCII.GetString(ChannelTopics.ChannelOf(topic)));
    }

    [Fact]
    public void A_channel_too_long_for_a_topic_is_refused() =>
        Assert.False(ChannelTopics.TryGetTopic(Encoding.ASCII.GetBytes(new string(':', 400)), out _));

    [Theory]
    [InlineData("user.", "user.#")]
    [InlineData("user.cre", "user.#")]
    [InlineData("a.b:c.d", "a._xb_3Ac.#")]
    [InlineData("user", "#")]
    [InlineData("", "#")]
    public void A_glob_prefix_is_served_by_the_pattern_of_its_whole_words(string prefix, string pattern)
    {
        Assert.Equal(pattern, ChannelTopics.PatternForPrefix(Encoding.ASCII.GetBytes(prefix)));
        Assert.True(TopicPattern.TryParse(pattern, out _, out _));
    }

    [Fact]
    public void The_pattern_of_a_prefix_matches_the_topic_of_every_channel_with_that_prefix()
    {
        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var channel = Encoding.ASCII.GetBytes(string.Join('.', Enumerable.Range(0, random.Next(1, 20)).Select(_ => "ab:_"[random.Next(4)].ToString())));
            var prefix = channel[..random.Next(0, channel.Length + 1)];
            Assert.True(ChannelTopics.TryGetTopic(channel, out var topic));
            var pattern = TopicPattern.Parse(ChannelTopics.PatternForPrefix(prefix));
            Assert.True(pattern.Matches(topic), $"{pattern} should match {topic}");
        }
    }
}

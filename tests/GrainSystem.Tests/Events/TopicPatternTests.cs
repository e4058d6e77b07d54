using GrainSystem.Abstractions.Events;

namespace GrainSystem.Tests.Events;

public sealed class TopicPatternTests
{
    public static TheoryData<string, string, bool> Cases => new()
    {
        // literals
        { "user.created", "user.created", true },
        { "user.created", "user.deleted", false },
        { "user.created", "user", false },
        { "user", "user.created", false },
        { "User.created", "user.created", false },
        // '*' is exactly one word
        { "user.*", "user.created", true },
        { "user.*", "user", false },
        { "user.*", "user.created.eu", false },
        { "*.created", "user.created", true },
        { "*.created", "created", false },
        { "*", "user", true },
        { "*", "user.created", false },
        { "*.*", "a.b", true },
        { "*.*", "a", false },
        { "a.*.c", "a.b.c", true },
        { "a.*.c", "a.c", false },
        // '#' alone matches everything
        { "#", "a", true },
        { "#", "a.b.c.d", true },
        // '#' at the end: zero or more words
        { "a.#", "a", true },
        { "a.#", "a.b", true },
        { "a.#", "a.b.c", true },
        { "a.#", "b.a", false },
        { "a.#", "ab", false },
        // '#' at the start
        { "#.c", "c", true },
        { "#.c", "a.b.c", true },
        { "#.c", "a.c.d", false },
        { "#.b.c", "b.c", true },
        // '#' in the middle
        { "a.#.c", "a.c", true },
        { "a.#.c", "a.b.c", true },
        { "a.#.c", "a.b.x.c", true },
        { "a.#.c", "a.b", false },
        { "a.#.c", "a.c.d", false },
        // '#' and '*' together
        { "#.*", "a", true },
        { "#.*", "a.b.c", true },
        { "*.#", "a", true },
        { "*.#.*", "a", false },
        { "*.#.*", "a.b", true },
        { "a.#.#.c", "a.c", true },
        { "#.a.#", "x.a.y", true },
        { "#.a.#", "x.b.y", false },
        { "a.*.#", "a", false },
        { "a.*.#", "a.b", true },
        { "a-1.b_2.#", "a-1.b_2.c", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pattern_matches_topics_with_RabbitMQ_semantics(string pattern, string topic, bool expected)
    {
        Assert.True(EventTopic.IsValid(topic), topic);
        Assert.Equal(expected, TopicPattern.Parse(pattern).Matches(topic));

        var trie = new GrainSystem.Grains.Events.PatternTrie<int>();
        trie.Add(TopicPattern.Parse(pattern), 1);
        var matches = new HashSet<int>();
        trie.Match(topic, matches);
        Assert.Equal(expected, matches.Contains(1));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("a.")]
    [InlineData(".a")]
    [InlineData("a..b")]
    [InlineData("a.b c")]
    [InlineData("a/b")]
    [InlineData("a.*")]
    [InlineData("a.#")]
    [InlineData("ä")]
    [InlineData("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q")]
    [InlineData("gap")]
    [InlineData("overflow")]
    public void Invalid_topics_are_rejected(string topic)
    {
        Assert.False(EventTopic.TryValidate(topic, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("user.created")]
    [InlineData("A-b_9.x")]
    [InlineData("gap.detected")]
    [InlineData("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p")]
    public void Valid_topics_are_accepted(string topic) => Assert.True(EventTopic.IsValid(topic));

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("a.")]
    [InlineData(".#")]
    [InlineData("#.")]
    [InlineData("a.**")]
    [InlineData("a.#b")]
    [InlineData("a.b*")]
    [InlineData("a b")]
    public void Invalid_patterns_with_empty_or_malformed_words_are_rejected(string pattern)
    {
        Assert.False(TopicPattern.TryParse(pattern, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.NotEmpty(error);
    }
}

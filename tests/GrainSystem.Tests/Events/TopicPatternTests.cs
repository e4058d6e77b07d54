using GrainSystem.Abstractions.Events;

namespace GrainSystem.Tests.Events;

public sealed class TopicPatternTests
{
    /// <summary>Each pattern with topics it matches and topics it does not, one row per pattern and topic.</summary>
    public static TheoryData<string, string, bool> Cases => Rows(
        // literals
        ("user.created", Matches: ["user.created"], Misses: ["user.deleted", "user"]),
        ("user", [], ["user.created"]),
        ("User.created", [], ["user.created"]),
        // '*' is exactly one word
        ("user.*", ["user.created"], ["user", "user.created.eu"]),
        ("*.created", ["user.created"], ["created"]),
        ("*", ["user"], ["user.created"]),
        ("*.*", ["a.b"], ["a"]),
        ("a.*.c", ["a.b.c"], ["a.c"]),
        // '#' alone matches everything
        ("#", ["a", "a.b.c.d"], []),
        // '#' at the end: zero or more words
        ("a.#", ["a", "a.b", "a.b.c"], ["b.a", "ab"]),
        // '#' at the start
        ("#.c", ["c", "a.b.c"], ["a.c.d"]),
        ("#.b.c", ["b.c"], []),
        // '#' in the middle
        ("a.#.c", ["a.c", "a.b.c", "a.b.x.c"], ["a.b", "a.c.d"]),
        // '#' and '*' together
        ("#.*", ["a", "a.b.c"], []),
        ("*.#", ["a"], []),
        ("*.#.*", ["a.b"], ["a"]),
        ("a.#.#.c", ["a.c"], []),
        ("#.a.#", ["x.a.y"], ["x.b.y"]),
        ("a.*.#", ["a.b"], ["a"]),
        ("a-1.b_2.#", ["a-1.b_2.c"], []));

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

    private static TheoryData<string, string, bool> Rows(params (string Pattern, string[] Matches, string[] Misses)[] patterns)
    {
        var rows = new TheoryData<string, string, bool>();
        foreach (var (pattern, matches, misses) in patterns)
        {
            foreach (var topic in matches)
            {
                rows.Add(pattern, topic, true);
            }

            foreach (var topic in misses)
            {
                rows.Add(pattern, topic, false);
            }
        }

        return rows;
    }
}

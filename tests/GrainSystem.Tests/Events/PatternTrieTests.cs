using GrainSystem.Abstractions.Events;
using GrainSystem.Grains.Events;

namespace GrainSystem.Tests.Events;

public sealed class PatternTrieTests
{
    private static readonly string[] Words = ["user", "order", "created", "deleted", "eu", "us", "paid", "x"];

    [Fact]
    public void Trie_finds_exactly_the_subscriptions_a_scan_of_all_patterns_finds()
    {
        var random = new Random(42);
        var trie = new PatternTrie<int>();
        var patterns = new List<TopicPattern>();
        for (var i = 0; i < 5_000; i++)
        {
            var pattern = TopicPattern.Parse(RandomWords(random, allowWildcards: true));
            patterns.Add(pattern);
            trie.Add(pattern, i);
        }

        for (var t = 0; t < 500; t++)
        {
            var topic = RandomWords(random, allowWildcards: false);
            var matches = new HashSet<int>();
            trie.Match(topic, matches);
            var expected = Enumerable.Range(0, patterns.Count).Where(i => patterns[i].Matches(topic)).ToHashSet();
            Assert.True(expected.SetEquals(matches), $"topic {topic}: trie {matches.Count}, scan {expected.Count}");
        }
    }

    [Fact]
    public void Removing_patterns_stops_their_matches_and_keeps_the_others()
    {
        var trie = new PatternTrie<string>();
        trie.Add(TopicPattern.Parse("a.#"), "s1");
        trie.Add(TopicPattern.Parse("a.*"), "s2");
        trie.Add(TopicPattern.Parse("a.b"), "s3");
        trie.Add(TopicPattern.Parse("#"), "s4");

        trie.Remove(TopicPattern.Parse("a.#"), "s1");
        trie.Remove(TopicPattern.Parse("#"), "s4");
        trie.Remove(TopicPattern.Parse("a.b"), "nobody");

        var matches = new HashSet<string>();
        trie.Match("a.b", matches);
        Assert.Equal(["s2", "s3"], matches.Order());
        Assert.Equal(2, trie.Count);
    }

    [Fact]
    public void Matching_among_many_subscriptions_costs_the_matches_not_the_subscriptions()
    {
        // 100,000 subscriptions on distinct literal topics plus a few wildcards: a publish must not scan them.
        var trie = new PatternTrie<int>();
        for (var i = 0; i < 100_000; i++)
        {
            trie.Add(TopicPattern.Parse($"tenant{i}.orders.*"), i);
        }

        trie.Add(TopicPattern.Parse("#.paid"), -1);
        var matches = new HashSet<int>();
        trie.Match("tenant7.orders.paid", matches);
        Assert.Equal([-1, 7], matches.Order());

        var mostSteps = 0;
        for (var i = 0; i < 100_000; i += 997)
        {
            matches.Clear();
            mostSteps = Math.Max(mostSteps, trie.Match($"tenant{i}.orders.paid", matches));
            Assert.Equal([-1, i], matches.Order());
        }

        // A scan would check 100,001 patterns; the walk visits a handful of nodes (root, tenantN, orders, *, #, paid…).
        Assert.InRange(mostSteps, 1, 20);
    }

    [Fact]
    public void A_pattern_of_many_hashes_costs_polynomial_steps_not_one_per_split()
    {
        // #.*.#.*… against a 16-word topic: without memoising, every '#' retries every split (10^5 steps and more).
        var pattern = TopicPattern.Parse(string.Join('.', Enumerable.Repeat("#.*", 8)));
        var trie = new PatternTrie<int>();
        trie.Add(pattern, 1);
        var topic = string.Join('.', Enumerable.Range(0, 16).Select(i => $"w{i}"));
        var noMatch = string.Join('.', Enumerable.Range(0, 7).Select(i => $"w{i}"));

        var matches = new HashSet<int>();
        var steps = trie.Match(topic, matches);
        Assert.Equal([1], matches);
        Assert.InRange(steps, 1, 17 * 17);

        matches.Clear();
        steps = trie.Match(noMatch, matches);
        Assert.Empty(matches);
        Assert.InRange(steps, 1, 17 * 8);

        Assert.True(pattern.Matches(topic, out var patternSteps));
        Assert.InRange(patternSteps, 1, 17 * 17);
        Assert.False(pattern.Matches(noMatch, out patternSteps));
        Assert.InRange(patternSteps, 1, 17 * 17);
    }

    private static string RandomWords(Random random, bool allowWildcards)
    {
        var count = random.Next(1, 6);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(10);
            words[i] = allowWildcards && roll == 0 ? "#" : allowWildcards && roll == 1 ? "*" : Words[random.Next(Words.Length)];
        }

        return string.Join('.', words);
    }
}

namespace GrainSystem.FaultTests.Checkers.Events;

/// <summary>RabbitMQ topic matching, written independently of the product's: <c>*</c> one word, <c>#</c> zero or more.</summary>
public static class TopicMatch
{
    public static bool Matches(string pattern, string topic) => Matches(pattern.Split('.'), 0, topic.Split('.'), 0);

    public static bool MatchesAny(IEnumerable<string> patterns, string topic) => patterns.Any(p => Matches(p, topic));

    private static bool Matches(string[] pattern, int p, string[] words, int w)
    {
        if (p == pattern.Length)
        {
            return w == words.Length;
        }

        if (pattern[p] == "#")
        {
            for (var skip = w; skip <= words.Length; skip++)
            {
                if (Matches(pattern, p + 1, words, skip))
                {
                    return true;
                }
            }

            return false;
        }

        return w < words.Length && (pattern[p] == "*" || pattern[p] == words[w]) && Matches(pattern, p + 1, words, w + 1);
    }
}

namespace GrainSystem.Abstractions.Events;

/// <summary>
/// A RabbitMQ topic pattern: dot-separated words where <c>*</c> matches exactly one word and <c>#</c> zero or
/// more words (<c>#</c> alone matches every topic, <c>a.#</c> matches <c>a</c>). Empty words are rejected.
/// </summary>
public sealed class TopicPattern : IEquatable<TopicPattern>
{
    private readonly string[] _words;

    private TopicPattern(string text)
    {
        Text = text;
        _words = text.Split('.');
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The pattern's words, wildcards included.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>True when <paramref name="text"/> is a valid pattern; otherwise <paramref name="error"/> says why.</summary>
    public static bool TryParse(string? text, out TopicPattern? pattern, out string error)
    {
        pattern = null;
        if (!EventTopic.TryValidateWords(text, allowWildcards: true, out error))
        {
            return false;
        }

        pattern = new TopicPattern(text!);
        return true;
    }

    /// <summary>Parses <paramref name="text"/>, throwing <see cref="ArgumentException"/> when it is not a valid pattern.</summary>
    public static TopicPattern Parse(string text) =>
        TryParse(text, out var pattern, out var error) ? pattern! : throw new ArgumentException($"Pattern {error}", nameof(text));

    /// <summary>True when <paramref name="topic"/> (a valid topic) matches this pattern.</summary>
    public bool Matches(string topic) => Matches(_words, 0, topic.Split('.'), 0);

    private static bool Matches(string[] pattern, int p, string[] topic, int t)
    {
        while (p < pattern.Length)
        {
            var word = pattern[p];
            if (word == "#")
            {
                // Collapse consecutive '#', then try every split point: '#' takes zero or more words.
                while (p + 1 < pattern.Length && pattern[p + 1] == "#")
                {
                    p++;
                }

                if (p + 1 == pattern.Length)
                {
                    return true;
                }

                for (var skip = t; skip <= topic.Length; skip++)
                {
                    if (Matches(pattern, p + 1, topic, skip))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (t == topic.Length || (word != "*" && !string.Equals(word, topic[t], StringComparison.Ordinal)))
            {
                return false;
            }

            p++;
            t++;
        }

        return t == topic.Length;
    }

    /// <inheritdoc />
    public bool Equals(TopicPattern? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TopicPattern);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <inheritdoc />
    public override string ToString() => Text;
}

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
    public bool Matches(string topic) => Matches(topic, out _);

    /// <summary>
    /// True when <paramref name="topic"/> matches; <paramref name="steps"/> counts the (pattern word, topic
    /// word) cells evaluated: a table of at most (pattern words + 1) × (topic words + 1) cells, each computed
    /// once, so <c>#</c>s never make matching exponential.
    /// </summary>
    public bool Matches(string topic, out int steps)
    {
        var t = topic.Split('.');
        var p = _words;
        // matches[i, j]: pattern words i.. match topic words j..
        var matches = new bool[p.Length + 1, t.Length + 1];
        matches[p.Length, t.Length] = true;
        steps = 0;
        for (var i = p.Length - 1; i >= 0; i--)
        {
            for (var j = t.Length; j >= 0; j--)
            {
                steps++;
                matches[i, j] = p[i] switch
                {
                    // '#' takes no word (skip it) or one more word (stay on it).
                    "#" => matches[i + 1, j] || (j < t.Length && matches[i, j + 1]),
                    "*" => j < t.Length && matches[i + 1, j + 1],
                    var word => j < t.Length && string.Equals(word, t[j], StringComparison.Ordinal) && matches[i + 1, j + 1],
                };
            }
        }

        return matches[0, 0];
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

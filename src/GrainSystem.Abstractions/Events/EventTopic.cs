namespace GrainSystem.Abstractions.Events;

/// <summary>
/// Topic names: 1 to <see cref="MaxWords"/> dot-separated words, each word one or more of <c>[A-Za-z0-9_-]</c>
/// (<c>user.created</c>, <c>orders.eu-west.paid</c>).
/// </summary>
public static class EventTopic
{
    /// <summary>Most words a topic or a pattern may have.</summary>
    public const int MaxWords = 16;

    /// <summary>Longest topic or pattern in characters (16 words of up to 64 characters, with their dots).</summary>
    public const int MaxLength = 16 * 64 + 15;

    /// <summary>Largest event payload, in UTF-8 bytes of its JSON text.</summary>
    public const int MaxDataBytes = 64 * 1024;

    /// <summary>
    /// One-word topics reserved for the control events a subscriber may receive (<c>gap</c>, <c>overflow</c>):
    /// a Server-Sent Events client tells events apart by their <c>event:</c> name only.
    /// </summary>
    public static IReadOnlyList<string> Reserved { get; } = [EventKinds.Gap, EventKinds.Overflow];

    /// <summary>True when <paramref name="topic"/> is a valid topic; otherwise <paramref name="error"/> says why.</summary>
    public static bool TryValidate(string? topic, out string error)
    {
        if (!TryValidateWords(topic, allowWildcards: false, out error))
        {
            return false;
        }

        if (Reserved.Contains(topic!, StringComparer.Ordinal))
        {
            error = $"'{topic}' is reserved for control events.";
            return false;
        }

        return true;
    }

    /// <summary>True when <paramref name="topic"/> is a valid topic.</summary>
    public static bool IsValid(string? topic) => TryValidate(topic, out _);

    /// <summary>The first word of a valid topic or pattern.</summary>
    public static string FirstWord(string topicOrPattern)
    {
        var dot = topicOrPattern.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? topicOrPattern : topicOrPattern[..dot];
    }

    internal static bool TryValidateWords(string? text, bool allowWildcards, out string error)
    {
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            error = "must not be empty.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"must be at most {MaxLength} characters.";
            return false;
        }

        var words = text.Split('.');
        if (words.Length > MaxWords)
        {
            error = $"must have at most {MaxWords} words.";
            return false;
        }

        foreach (var word in words)
        {
            if (word.Length == 0)
            {
                error = "must not contain empty words (leading, trailing or doubled dots).";
                return false;
            }

            if (allowWildcards && word is "*" or "#")
            {
                continue;
            }

            foreach (var c in word)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                {
                    error = allowWildcards
                        ? $"word '{word}' must be '*', '#' or made of A-Z, a-z, 0-9, '_' and '-'."
                        : $"word '{word}' must be made of A-Z, a-z, 0-9, '_' and '-'.";
                    return false;
                }
            }
        }

        return true;
    }
}

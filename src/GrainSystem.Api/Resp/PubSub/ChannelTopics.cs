using System.Text;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Api.Resp.PubSub;

/// <summary>
/// How a Redis channel (any bytes) travels as an event-bus topic (dot-separated words of <c>[A-Za-z0-9_-]</c>). The
/// channel is cut at its dots into words, so channels and topics share their first word and the bus routes both
/// alike: a word made of topic characters stays as it is (<c>user.created</c> is the topic <c>user.created</c>);
/// any other word (empty, other bytes, starting with <c>_x</c>, or a whole channel <c>gap</c>/<c>overflow</c>) is
/// written <c>_x</c> followed by its bytes, those outside <c>[A-Za-z0-9-]</c> as <c>_HH</c> (<c>user:42</c> becomes
/// <c>_xuser_3A42</c>). A channel of more than 16 words keeps its dots inside the 16th word. Every channel maps to
/// one topic and back; a topic that is not such an escape reads back as the channel of its own name.
/// </summary>
internal static class ChannelTopics
{
    private const string Escape = "_x";

    /// <summary>The topic carrying <paramref name="channel"/>; false when it would exceed the bus's topic length.</summary>
    public static bool TryGetTopic(ReadOnlySpan<byte> channel, out string topic)
    {
        var words = Split(channel, EventTopic.MaxWords);
        var reserved = words.Count == 1 && EventTopic.Reserved.Contains(Encoding.ASCII.GetString(channel), StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var (start, length) in words)
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }

            AppendWord(text, channel.Slice(start, length), forceEscape: reserved);
        }

        topic = text.ToString();
        return topic.Length <= EventTopic.MaxLength;
    }

    /// <summary>The channel a topic carries.</summary>
    public static byte[] ChannelOf(string topic)
    {
        var channel = new List<byte>(topic.Length);
        var words = topic.Split('.');
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (i > 0)
            {
                channel.Add((byte)'.');
            }

            if (!TryUnescape(word, channel))
            {
                channel.AddRange(Encoding.UTF8.GetBytes(word));
            }
        }

        return [.. channel];
    }

    /// <summary>
    /// The bus pattern that receives every channel starting with <paramref name="prefix"/>: its whole words, then
    /// <c>#</c> (<c>user.</c> and <c>user.cr</c> give <c>user.#</c>; a prefix without a dot can only give <c>#</c>).
    /// </summary>
    public static string PatternForPrefix(ReadOnlySpan<byte> prefix)
    {
        var words = Split(prefix, int.MaxValue);
        var whole = Math.Min(words.Count - 1, EventTopic.MaxWords - 1);
        var text = new StringBuilder();
        for (var i = 0; i < whole; i++)
        {
            var before = text.Length;
            AppendWord(text, prefix.Slice(words[i].Start, words[i].Length), forceEscape: false);
            if (text.Length + 2 > EventTopic.MaxLength)
            {
                // Fewer words still cover every channel with this prefix; the pattern must stay a valid one.
                text.Length = before;
                break;
            }

            text.Append('.');
        }

        return text.Append('#').ToString();
    }

    /// <summary>Word boundaries at the dots; the last word takes the rest (dots included) beyond <paramref name="maxWords"/>.</summary>
    private static List<(int Start, int Length)> Split(ReadOnlySpan<byte> channel, int maxWords)
    {
        var words = new List<(int, int)>();
        var start = 0;
        while (true)
        {
            var dot = words.Count == maxWords - 1 ? -1 : channel[start..].IndexOf((byte)'.');
            if (dot < 0)
            {
                words.Add((start, channel.Length - start));
                return words;
            }

            words.Add((start, dot));
            start += dot + 1;
        }
    }

    private static void AppendWord(StringBuilder text, ReadOnlySpan<byte> word, bool forceEscape)
    {
        if (!forceEscape && !word.IsEmpty && !word.StartsWith("_x"u8) && IsTopicWord(word))
        {
            text.Append(Encoding.ASCII.GetString(word));
            return;
        }

        text.Append(Escape);
        foreach (var b in word)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b == (byte)'-')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('_').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private static bool IsTopicWord(ReadOnlySpan<byte> word)
    {
        foreach (var b in word)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Appends the bytes of an escaped word; false (nothing appended) when the word is not one.</summary>
    private static bool TryUnescape(string word, List<byte> into)
    {
        if (!word.StartsWith(Escape, StringComparison.Ordinal))
        {
            return false;
        }

        var bytes = new List<byte>(word.Length);
        for (var i = Escape.Length; i < word.Length; i++)
        {
            var c = word[i];
            if (c == '_')
            {
                if (i + 2 >= word.Length || !char.IsAsciiHexDigitUpper(word[i + 1]) || !char.IsAsciiHexDigitUpper(word[i + 2]))
                {
                    return false;
                }

                bytes.Add(Convert.ToByte(word.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                bytes.Add((byte)c);
            }
            else
            {
                return false;
            }
        }

        into.AddRange(bytes);
        return true;
    }
}

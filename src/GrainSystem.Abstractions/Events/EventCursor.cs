using System.Globalization;
using System.Text;

namespace GrainSystem.Abstractions.Events;

/// <summary>
/// Where a subscription stands: the last id delivered per topic, and when the subscription first started.
/// It is the Server-Sent Events <c>id</c> (and so the <c>Last-Event-ID</c> a client sends back):
/// <c>{start}</c> or <c>{start};{topic}={id};{topic}={id}…</c>, where start is Unix milliseconds.
/// Resuming delivers, per topic named, the retained events after its id; for matching topics not named, the
/// retained events published since start (they were all missed). A cursor names at most
/// <see cref="MaxTopics"/> topics, the most recently delivered ones: a subscription spanning more topics
/// keeps a bounded id, and on resume a topic that dropped out is replayed from the start (events may then be
/// delivered twice, never lost).
/// Not thread-safe: it belongs to one subscription's reader.
/// </summary>
public sealed class EventCursor
{
    /// <summary>Most topics a cursor names.</summary>
    public const int MaxTopics = 256;

    private readonly Dictionary<string, long> _topics;
    private readonly Dictionary<string, long> _advancedAt = new(StringComparer.Ordinal);
    private long _advances;

    /// <summary>A cursor of a subscription that started at <paramref name="start"/> and has delivered nothing.</summary>
    public EventCursor(DateTimeOffset start)
        : this(start, new Dictionary<string, long>(StringComparer.Ordinal))
    {
    }

    private EventCursor(DateTimeOffset start, Dictionary<string, long> topics)
    {
        Start = start;
        _topics = topics;
    }

    /// <summary>When the subscription (or the first of its resumed connections) started.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The last delivered id of each topic the subscription has delivered events of.</summary>
    public IReadOnlyDictionary<string, long> Topics => _topics;

    /// <summary>The last delivered id of <paramref name="topic"/>, if any of its events was delivered.</summary>
    public long? LastId(string topic) => _topics.TryGetValue(topic, out var id) ? id : null;

    /// <summary>Records that <paramref name="id"/> of <paramref name="topic"/> was delivered.</summary>
    public void Advance(string topic, long id)
    {
        if (!_topics.TryGetValue(topic, out var last) || id > last)
        {
            _topics[topic] = id;
            _advancedAt[topic] = ++_advances;
            if (_topics.Count > MaxTopics)
            {
                // Forget the topic delivered least recently (parsed topics, never advanced here, count as oldest).
                var oldest = _topics.Keys.MinBy(t => _advancedAt.GetValueOrDefault(t))!;
                _topics.Remove(oldest);
                _advancedAt.Remove(oldest);
            }
        }
    }

    /// <summary>The text form (see the type's summary).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        foreach (var (topic, id) in _topics)
        {
            text.Append(';').Append(topic).Append('=').Append(id.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>Parses the text form; false (and an error) for anything else.</summary>
    public static bool TryParse(string? text, out EventCursor? cursor, out string error)
    {
        cursor = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "must not be empty.";
            return false;
        }

        var parts = text.Split(';');
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var startMs)
            || startMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            error = "must start with the subscription's start time in Unix milliseconds.";
            return false;
        }

        var topics = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var equals = part.LastIndexOf('=');
            if (equals <= 0
                || !EventTopic.TryValidateWords(part[..equals], allowWildcards: false, out _)
                || !long.TryParse(part.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error = $"'{part}' is not topic=id.";
                return false;
            }

            topics[part[..equals]] = id;
        }

        cursor = new EventCursor(DateTimeOffset.FromUnixTimeMilliseconds(startMs), topics);
        return true;
    }
}

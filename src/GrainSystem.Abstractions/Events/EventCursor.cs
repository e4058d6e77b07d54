using System.Globalization;
using System.Text;

namespace GrainSystem.Abstractions.Events;

/// <summary>
/// Where a subscription stands: the last id delivered per topic, and when the subscription first started.
/// Its text is the Server-Sent Events <c>id</c> (and so the <c>Last-Event-ID</c> a client sends back):
/// <c>{start}</c> or <c>{start};{topic}={id};{topic}={id}…</c>, where start is Unix milliseconds.
/// Resuming delivers, per topic named, the retained events after its id; for matching topics not named, the
/// retained events published since start (they were all missed).
/// In memory a cursor remembers up to <see cref="MaxTopics"/> topics (least recently delivered forgotten
/// first), so a live subscription never delivers an event twice however many topics it spans. Its text is
/// at most <see cref="MaxTextLength"/> characters and names the most recently delivered topics that fit: on
/// resume a topic left out is replayed from the start (events may then be delivered twice, never lost).
/// Not thread-safe: it belongs to one subscription's reader.
/// </summary>
public sealed class EventCursor
{
    /// <summary>Most topics a cursor remembers in memory.</summary>
    public const int MaxTopics = 65_536;

    /// <summary>Longest cursor text written or accepted (a <c>Last-Event-ID</c> header stays small).</summary>
    public const int MaxTextLength = 4096;

    private readonly Dictionary<string, LinkedListNode<(string Topic, long Id, DateTimeOffset At)>> _topics = new(StringComparer.Ordinal);

    /// <summary>Most recently delivered first.</summary>
    private readonly LinkedList<(string Topic, long Id, DateTimeOffset At)> _recency = new();

    /// <summary>A cursor of a subscription that started at <paramref name="start"/> and has delivered nothing.</summary>
    public EventCursor(DateTimeOffset start) => Start = start;

    /// <summary>When the subscription (or the first of its resumed connections) started.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Number of topics remembered.</summary>
    public int Count => _topics.Count;

    /// <summary>The last delivered id of each remembered topic, most recently delivered first.</summary>
    public IEnumerable<KeyValuePair<string, long>> Topics => _recency.Select(e => KeyValuePair.Create(e.Topic, e.Id));

    /// <summary>The last delivered id of <paramref name="topic"/>, if any of its events was delivered.</summary>
    public long? LastId(string topic) => _topics.TryGetValue(topic, out var node) ? node.Value.Id : null;

    /// <summary>
    /// When the last delivered event of <paramref name="topic"/> was published, if it was delivered by this
    /// cursor (not named by a parsed text, which holds ids only).
    /// </summary>
    public DateTimeOffset? LastTimestamp(string topic) =>
        _topics.TryGetValue(topic, out var node) && node.Value.At != default ? node.Value.At : null;

    /// <summary>Records that <paramref name="e"/> (a published event) was delivered.</summary>
    public void Advance(Event e) => Advance(e.Topic, e.Id, e.Timestamp);

    /// <summary>Records that <paramref name="id"/> of <paramref name="topic"/> was delivered (a lower id changes nothing).</summary>
    public void Advance(string topic, long id) => Advance(topic, id, default);

    private void Advance(string topic, long id, DateTimeOffset at)
    {
        if (_topics.TryGetValue(topic, out var node))
        {
            if (id <= node.Value.Id)
            {
                return;
            }

            _recency.Remove(node);
            node.Value = (topic, id, at);
            _recency.AddFirst(node);
            return;
        }

        _topics[topic] = _recency.AddFirst((topic, id, at));
        if (_topics.Count > MaxTopics)
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            _topics.Remove(oldest.Value.Topic);
        }
    }

    /// <summary>Forgets <paramref name="topic"/> (its ids restarted), so its next delivered id may be lower.</summary>
    public void Reset(string topic)
    {
        if (_topics.Remove(topic, out var node))
        {
            _recency.Remove(node);
        }
    }

    /// <summary>The text form (see the type's summary), at most <see cref="MaxTextLength"/> characters.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        Span<char> digits = stackalloc char[20];
        foreach (var (topic, id, _) in _recency)
        {
            id.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
            if (text.Length + 2 + topic.Length + written > MaxTextLength)
            {
                break;
            }

            text.Append(';').Append(topic).Append('=').Append(digits[..written]);
        }

        return text.ToString();
    }

    /// <summary>Parses the text form; false (and an error) for anything else, or for a text over <see cref="MaxTextLength"/>.</summary>
    public static bool TryParse(string? text, out EventCursor? cursor, out string error)
    {
        cursor = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "must not be empty.";
            return false;
        }

        if (text.Length > MaxTextLength)
        {
            error = $"must be at most {MaxTextLength} characters.";
            return false;
        }

        var parts = text.Split(';');
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var startMs)
            || startMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            error = "must start with the subscription's start time in Unix milliseconds.";
            return false;
        }

        var parsed = new EventCursor(DateTimeOffset.FromUnixTimeMilliseconds(startMs));
        // The text names the most recent first: add in reverse so the recency order survives a round trip.
        for (var i = parts.Length - 1; i >= 1; i--)
        {
            var part = parts[i];
            var equals = part.LastIndexOf('=');
            if (equals <= 0
                || !EventTopic.TryValidateWords(part[..equals], allowWildcards: false, out _)
                || !long.TryParse(part.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error = $"'{part}' is not topic=id.";
                return false;
            }

            parsed.Advance(part[..equals], id);
        }

        cursor = parsed;
        return true;
    }
}

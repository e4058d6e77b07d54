using System.Globalization;
using GrainSystem.Abstractions.Events;
using StackExchange.Redis;

namespace GrainSystem.Grains.Events;

/// <summary>
/// A topic's retention as a Redis Stream (<c>{serviceId}:events:{topic}</c>): each event is an entry whose
/// stream id is <c>{id}-0</c>, added with <c>XADD … MAXLEN ~ retain</c>. Redis refuses an id not above the
/// stream's top, which turns a duplicate activation's second append of one id into a conflict.
/// </summary>
internal sealed class RedisStreamTopicLog(IDatabase database, string serviceId, string topic, int retain) : ITopicLog
{
    private readonly RedisKey key = $"{serviceId}:events:{topic}";
    private const string DataField = "d";
    private const string TimeField = "t";

    public async Task<Event?> LoadAsync()
    {
        var last = await database.StreamRangeAsync(key, "-", "+", count: 1, messageOrder: Order.Descending);
        return last.Length == 0 ? null : ToEvent(last[0]);
    }

    public async Task AppendAsync(Event e)
    {
        try
        {
            await database.StreamAddAsync(key,
                [new NameValueEntry(DataField, e.Data), new NameValueEntry(TimeField, e.Timestamp.ToUnixTimeMilliseconds())],
                messageId: StreamId(e.Id), maxLength: retain, useApproximateMaxLength: true);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("equal or smaller", StringComparison.OrdinalIgnoreCase))
        {
            throw new TopicLogConflictException($"Event id {e.Id} of '{e.Topic}' is already stored.", ex);
        }
    }

    public async Task<(IReadOnlyList<Event> Events, long FirstRetainedId)> ReadAfterAsync(long afterId, int maxCount, long lastId)
    {
        // Exactly `retain` events are retained even though approximate trimming keeps a few more in Redis.
        var from = Math.Max(afterId + 1, lastId - retain + 1);
        var first = database.StreamRangeAsync(key, "-", "+", count: 1);
        var entries = database.StreamRangeAsync(key, StreamId(Math.Max(from, 1)), "+", count: maxCount);
        var oldest = await first;
        var firstRetained = oldest.Length == 0 ? lastId + 1 : Math.Max(ParseId(oldest[0].Id), lastId - retain + 1);
        return ((await entries).Select(ToEvent).ToList(), firstRetained);
    }

    private Event ToEvent(StreamEntry entry) => new(
        ParseId(entry.Id),
        topic,
        entry[DataField].ToString(),
        DateTimeOffset.FromUnixTimeMilliseconds((long)entry[TimeField]));

    private static string StreamId(long id) => id.ToString(CultureInfo.InvariantCulture) + "-0";

    private static long ParseId(RedisValue streamId)
    {
        var text = streamId.ToString();
        return long.Parse(text.AsSpan(0, text.IndexOf('-')), CultureInfo.InvariantCulture);
    }
}

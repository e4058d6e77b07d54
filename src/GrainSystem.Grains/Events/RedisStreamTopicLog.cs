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
    private const string KeyField = "k";
    private const string FingerprintField = "f";

    /// <summary>Entries read per call of <see cref="ReadKeysScript"/>, so one call never holds Redis for long.</summary>
    private const int KeysPage = 512;

    /// <summary>
    /// Up to @count entries from @from on, without their data: how many were read and the last one's id, then id, key,
    /// fingerprint and time of each keyed entry.
    /// </summary>
    private static readonly LuaScript ReadKeysScript = LuaScript.Prepare("""
        local entries = redis.call('XRANGE', @stream, @from, '+', 'COUNT', @count)
        local out = { #entries, #entries > 0 and entries[#entries][1] or '' }
        for _, entry in ipairs(entries) do
          local fields = entry[2]
          local k, f, t
          for i = 1, #fields, 2 do
            local name = fields[i]
            if name == 'k' then k = fields[i + 1] elseif name == 'f' then f = fields[i + 1] elseif name == 't' then t = fields[i + 1] end
          end
          if k then
            out[#out + 1] = entry[1]; out[#out + 1] = k; out[#out + 1] = f or ''; out[#out + 1] = t or '0'
          end
        end
        return out
        """);

    public async Task<Event?> LoadAsync()
    {
        var last = await database.StreamRangeAsync(key, "-", "+", count: 1, messageOrder: Order.Descending);
        return last.Length == 0 ? null : ToEvent(last[0]);
    }

    public async Task AppendAsync(Event e, EventPublishKey? publishKey = null)
    {
        NameValueEntry[] fields = publishKey is null
            ? [new(DataField, e.Data), new(TimeField, e.Timestamp.ToUnixTimeMilliseconds())]
            : [new(DataField, e.Data), new(TimeField, e.Timestamp.ToUnixTimeMilliseconds()),
                new(KeyField, publishKey.Key), new(FingerprintField, publishKey.Fingerprint)];
        try
        {
            // The key travels in the event's own entry: one XADD stores both, or neither.
            await database.StreamAddAsync(key, fields,
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

    public async Task<IReadOnlyList<PublishRecord>> ReadKeysAfterAsync(long afterId)
    {
        var records = new List<PublishRecord>();
        for (var from = afterId + 1; ;)
        {
            var result = (RedisResult[])(await ReadKeysScript.EvaluateAsync(database,
                new { stream = key, from = StreamId(from), count = KeysPage }))!;
            for (var i = 2; i + 3 < result.Length; i += 4)
            {
                records.Add(new PublishRecord((string)result[i + 1]!, (string)result[i + 2]!, ParseId((string)result[i]!),
                    DateTimeOffset.FromUnixTimeMilliseconds((long)result[i + 3])));
            }

            if ((long)result[0] < KeysPage)
            {
                return records;
            }

            from = ParseId((string)result[1]!) + 1;
        }
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

using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Client.Events;

/// <summary>
/// Reads a subscription's missed events from the topics' retention, page by page, advancing its cursor:
/// the catch-up of a resumed (or resynchronised) subscription, and the predecessors of a live event that
/// arrived ahead of them. Reports a <see cref="EventKinds.Gap"/> for ids that are no longer retained, for
/// ids missing inside the retention, and when a topic's ids restarted (its log was lost). Grain calls that
/// fail transiently are retried.
/// </summary>
internal sealed partial class RetentionReader(IGrainFactory grains, EventCursor cursor, ImmutableArray<string> patterns, Guid subscriptionId, ILogger logger)
{
    /// <summary>Events per read (at most 64 × 64 KiB in memory at a time).</summary>
    public const int PageSize = 64;

    // Topics whose ids a live event showed to have restarted, for the next catch-up: their new numbering may
    // already have reached the cursor's id, which the retention alone cannot tell from the old numbering.
    private readonly HashSet<string> _restarted = new(StringComparer.Ordinal);

    /// <summary>How far a silo's clock (event timestamps) may be behind the subscriber's (the cursor's start).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(2);

    /// <summary>Events of topics the cursor does not name are delivered from this time on.</summary>
    public DateTimeOffset Since => cursor.Start - ClockSkew;

    /// <summary>
    /// Everything retained that the cursor has not seen, for every known topic the patterns match: gaps first,
    /// then events. Topics the cursor names resume after their id; others from <see cref="Since"/>.
    /// </summary>
    public async IAsyncEnumerable<Event> CatchUpAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Only topics that exist: a cursor naming made-up topics must not activate a grain per name.
        var topics = await MatchTopicsAsync(cancellationToken);

        // First pass: one event per topic, to find the gaps (only they are held, never pages of events).
        var gaps = new List<Event>();
        var starts = new List<(string Topic, long After, DateTimeOffset? Since)>(topics.Length);
        foreach (var topic in topics)
        {
            var last = cursor.LastId(topic);
            var page = await ReadAsync(topic, last ?? 0, 1, cancellationToken);
            var lostTo = page.FirstRetainedId - 1;
            if (last is { } previous && (page.LastId < previous || _restarted.Contains(topic)))
            {
                // The topic's ids went back (its log was lost, or an embedded silo restarted): its new
                // numbering is delivered from 1, and whatever followed `previous` in the old one is gone.
                gaps.Add(Gap(topic, 1, lostTo, restartedAfter: previous));
                cursor.Reset(topic);
                starts.Add((topic, lostTo, null));
            }
            else if (last is { } after)
            {
                if (lostTo > after)
                {
                    gaps.Add(Gap(topic, after + 1, lostTo));
                }

                if (page.LastId > Math.Max(after, lostTo))
                {
                    starts.Add((topic, Math.Max(after, lostTo), null));
                }
            }
            else if (lostTo > 0 && page.Events.Length > 0 && page.Events[0].Timestamp >= Since)
            {
                // Events published since the start were lost before the oldest retained one.
                gaps.Add(Gap(topic, 1, lostTo));
                starts.Add((topic, lostTo, null));
            }
            else if (page.Events.Length > 0)
            {
                starts.Add((topic, 0, Since));
            }
        }

        _restarted.Clear();
        foreach (var gap in gaps)
        {
            yield return gap;
        }

        foreach (var (topic, after, since) in starts)
        {
            await foreach (var e in ReadRetainedAsync(topic, after, long.MaxValue, since, cancellationToken))
            {
                yield return e;
            }
        }
    }

    /// <summary>
    /// Retained events of <paramref name="topic"/> with ids in (afterId, toId] (up to the newest when
    /// <paramref name="toId"/> is <see cref="long.MaxValue"/>), one page at a time. With <paramref name="since"/>,
    /// events older than it are skipped silently (published before the subscription started); otherwise
    /// every missing id is reported as a gap.
    /// </summary>
    public async IAsyncEnumerable<Event> ReadRetainedAsync(string topic, long afterId, long toId, DateTimeOffset? since,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (afterId < toId)
        {
            var page = await ReadAsync(topic, afterId, (int)Math.Min(PageSize, toId - afterId), cancellationToken);
            if (page.LastId < afterId)
            {
                yield break; // the ids restarted: the next catch-up reports it
            }

            var end = Math.Min(toId, page.LastId);
            if (page.FirstRetainedId > afterId + 1)
            {
                // Ids before the oldest retained one are gone. With `since`, they are reported only when that
                // oldest event is newer than `since` (then those before it may have been published after it too).
                var lostTo = Math.Min(page.FirstRetainedId - 1, end);
                if (since is null || (page.Events.Length > 0 && page.Events[0].Timestamp >= since))
                {
                    yield return Gap(topic, afterId + 1, lostTo);
                    since = null;
                }

                afterId = lostTo;
            }

            if (page.Events.IsEmpty)
            {
                yield break;
            }

            foreach (var e in page.Events)
            {
                if (e.Id > end)
                {
                    yield break;
                }

                if (since is null && e.Id > afterId + 1)
                {
                    // Ids must follow each other: one missing inside the retention is reported, never skipped.
                    yield return Gap(topic, afterId + 1, e.Id - 1);
                }

                afterId = e.Id;
                if (since is null || e.Timestamp >= since)
                {
                    // Timestamps never decrease per topic: from here on every event is delivered.
                    since = null;
                    cursor.Advance(e);
                    yield return e;
                }
            }

            if (afterId >= end)
            {
                yield break;
            }
        }
    }

    /// <summary>The known topics the patterns match, from the directory partitions they can be in (in parallel).</summary>
    private async Task<string[]> MatchTopicsAsync(CancellationToken cancellationToken)
    {
        var byPartition = patterns.Select(TopicPattern.Parse)
            .SelectMany(p => EventRouting.DirectoriesFor(p).Select(partition => (Partition: partition, p.Text)))
            .GroupBy(x => x.Partition, x => x.Text);
        var matches = await Task.WhenAll(byPartition.Select(g =>
        {
            var partitionPatterns = g.Distinct().ToImmutableArray();
            return CallAsync(() => grains.GetGrain<ITopicDirectoryGrain>(g.Key).Match(partitionPatterns), cancellationToken);
        }));
        return [.. matches.SelectMany(m => m).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// A live event of <paramref name="topic"/> came with an id the cursor passed but a later timestamp: the topic's
    /// ids restarted. The next catch-up reports it and delivers the new numbering from its first retained id.
    /// </summary>
    public void NoteRestart(string topic) => _restarted.Add(topic);

    private Task<EventPage> ReadAsync(string topic, long afterId, int maxCount, CancellationToken cancellationToken) =>
        CallAsync(() => grains.GetGrain<ITopicGrain>(topic).ReadAfter(afterId, maxCount), cancellationToken);

    private Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        TransientRetry.CallAsync(call, (ex, attempt) => LogRetry(logger, ex, subscriptionId, attempt), cancellationToken);

    private static Event Gap(string topic, long from, long to, long? restartedAfter = null) =>
        new(0, topic, JsonSerializer.Serialize(new GapData(topic, from, to, restartedAfter), GapJson), DateTimeOffset.UtcNow, EventKinds.Gap);

    private static readonly JsonSerializerOptions GapJson = new(JsonSerializerOptions.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record GapData(string Topic, long From, long To, long? RestartedAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId}: reading the retention failed (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, Guid subscriptionId, int attempt);
}

using GrainSystem.Abstractions.Events;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace GrainSystem.Grains.Events;

/// <summary>
/// A topic's retention in grain storage (embedded mode), append-only by segments: event n lives in segment
/// (n − 1) / <see cref="SegmentSize"/>, states <c>events-head</c> and <c>events-{segment}</c> of the topic
/// grain. A publish writes only the open segment (at most <see cref="SegmentSize"/> events), never the whole
/// window; whole segments older than the retention are cleared. The storage's ETags make a duplicate
/// activation's write fail.
/// </summary>
internal sealed partial class SegmentedTopicLog(IGrainStorage storage, GrainId grainId, string topic, int retain, ILogger logger) : ITopicLog
{
    public const int SegmentSize = 64;

    private readonly GrainState<TopicHeadState> _head = new(new TopicHeadState());
    private readonly SortedDictionary<long, GrainState<TopicSegmentState>> _segments = [];

    public async Task<Event?> LoadAsync()
    {
        _segments.Clear();
        await storage.ReadStateAsync(HeadName, grainId, _head);
        _head.State ??= new TopicHeadState();
        for (var segment = _head.State!.FirstSegment; segment <= _head.State!.LastSegment; segment++)
        {
            var state = new GrainState<TopicSegmentState>(new TopicSegmentState());
            await storage.ReadStateAsync(SegmentName(segment), grainId, state);
            state.State ??= new TopicSegmentState();
            _segments[segment] = state;
        }

        var last = _segments.Values.LastOrDefault(s => s.State!.Events.Count > 0)?.State!.Events[^1];
        return last is null ? null : ToEvent(last);
    }

    public async Task AppendAsync(Event e, EventPublishKey? key = null)
    {
        var segment = (e.Id - 1) / SegmentSize;
        if (!_segments.TryGetValue(segment, out var state))
        {
            // The head names a new segment before the segment is written: a failure in between leaves the
            // head naming an empty segment (read as empty), never a stored event the head does not name.
            var (first, last) = (_head.State!.FirstSegment, _head.State!.LastSegment);
            _head.State!.LastSegment = segment;
            if (_segments.Count == 0)
            {
                _head.State!.FirstSegment = segment;
            }

            await WriteAsync(HeadName, _head, undo: () => (_head.State!.FirstSegment, _head.State!.LastSegment) = (first, last));
            state = new GrainState<TopicSegmentState>(new TopicSegmentState());
            _segments[segment] = state;
        }

        var events = state.State!.Events;
        events.Add(new StoredEvent
        {
            Id = e.Id,
            Data = e.Data,
            TimestampMs = e.Timestamp.ToUnixTimeMilliseconds(),
            Key = key?.Key,
            Fingerprint = key?.Fingerprint,
        });
        await WriteAsync(SegmentName(segment), state, undo: () => events.RemoveAt(events.Count - 1));

        // Stored: from here on nothing may fail the publish (a retry would store the event twice).
        await DropExpiredAsync(e.Id);
    }

    /// <summary>Drops whole segments whose newest event has left the window: head first, then the segments (best effort).</summary>
    private async Task DropExpiredAsync(long lastId)
    {
        var expired = _segments.Where(s => s.Value.State!.Events.Count > 0 && s.Value.State!.Events[^1].Id <= lastId - retain)
            .Select(s => s.Key).ToList();
        if (expired.Count == 0)
        {
            return;
        }

        var first = _head.State!.FirstSegment;
        _head.State!.FirstSegment = Math.Max(first, expired.Max() + 1);
        try
        {
            await storage.WriteStateAsync(HeadName, grainId, _head);
        }
        catch (Exception ex)
        {
            // Tried again after the next append; the window is enforced on reads meanwhile.
            _head.State!.FirstSegment = first;
            LogCleanupFailed(logger, ex, topic);
            return;
        }

        foreach (var old in expired)
        {
            var dropped = _segments[old];
            _segments.Remove(old);
            try
            {
                await storage.ClearStateAsync(SegmentName(old), grainId, dropped);
            }
            catch (Exception ex)
            {
                // The head no longer names it: an unreferenced segment left in storage, never read again.
                LogCleanupFailed(logger, ex, topic);
            }
        }
    }

    private async Task WriteAsync<T>(string name, GrainState<T> state, Action undo)
    {
        try
        {
            await storage.WriteStateAsync(name, grainId, state);
        }
        catch (InconsistentStateException ex)
        {
            undo();
            throw new TopicLogConflictException($"State {name} of '{topic}' was written by another activation.", ex);
        }
        catch
        {
            undo();
            throw;
        }
    }

    public Task<(IReadOnlyList<Event> Events, long FirstRetainedId)> ReadAfterAsync(long afterId, int maxCount, long lastId)
    {
        var firstInStore = _segments.Values.Select(s => s.State!.Events.FirstOrDefault()?.Id).FirstOrDefault(id => id is not null) ?? lastId + 1;
        var firstRetained = Math.Max(firstInStore, lastId - retain + 1);
        var from = Math.Max(afterId + 1, firstRetained);
        var events = new List<Event>(Math.Min(maxCount, retain));
        foreach (var (segment, state) in _segments)
        {
            if ((segment + 1) * SegmentSize < from)
            {
                continue;
            }

            foreach (var stored in state.State!.Events)
            {
                if (stored.Id >= from && events.Count < maxCount)
                {
                    events.Add(ToEvent(stored));
                }
            }

            if (events.Count >= maxCount)
            {
                break;
            }
        }

        return Task.FromResult<(IReadOnlyList<Event>, long)>((events, firstRetained));
    }

    public Task<IReadOnlyList<PublishRecord>> ReadKeysAfterAsync(long afterId)
    {
        IReadOnlyList<PublishRecord> records = [.. _segments.Values.SelectMany(s => s.State!.Events)
            .Where(e => e.Id > afterId && e.Key is not null)
            .Select(e => new PublishRecord(e.Key!, e.Fingerprint ?? "", e.Id, DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampMs)))];
        return Task.FromResult(records);
    }

    private const string HeadName = "events-head";

    private static string SegmentName(long segment) => $"events-{segment}";

    private Event ToEvent(StoredEvent stored) =>
        new(stored.Id, topic, stored.Data, DateTimeOffset.FromUnixTimeMilliseconds(stored.TimestampMs));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic}: dropping expired segments failed; they are left in storage")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, string topic);
}

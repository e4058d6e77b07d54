using GrainSystem.Abstractions.Events;
using Orleans.Storage;

namespace GrainSystem.Grains.Events;

/// <summary>
/// A topic's retention in grain storage (embedded mode), append-only by segments: event n lives in segment
/// (n − 1) / <see cref="SegmentSize"/>, states <c>events-head</c> and <c>events-{segment}</c> of the topic
/// grain. A publish writes only the open segment (at most <see cref="SegmentSize"/> events), never the whole
/// window; whole segments older than the retention are cleared. The storage's ETags make a duplicate
/// activation's write fail.
/// </summary>
internal sealed class SegmentedTopicLog(IGrainStorage storage, GrainId grainId, string topic, int retain) : ITopicLog
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

    public async Task AppendAsync(Event e)
    {
        var segment = (e.Id - 1) / SegmentSize;
        var isNew = !_segments.TryGetValue(segment, out var state);
        state ??= new GrainState<TopicSegmentState>(new TopicSegmentState());
        state.State!.Events.Add(new StoredEvent { Id = e.Id, Data = e.Data, TimestampMs = e.Timestamp.ToUnixTimeMilliseconds() });
        try
        {
            await storage.WriteStateAsync(SegmentName(segment), grainId, state);
        }
        catch (InconsistentStateException ex)
        {
            state.State!.Events.RemoveAt(state.State!.Events.Count - 1);
            throw new TopicLogConflictException($"Segment {segment} of '{topic}' was written by another activation.", ex);
        }
        catch
        {
            state.State!.Events.RemoveAt(state.State!.Events.Count - 1);
            throw;
        }

        if (!isNew)
        {
            return;
        }

        _segments[segment] = state;
        _head.State!.LastSegment = segment;
        if (_segments.Count == 1)
        {
            _head.State!.FirstSegment = segment;
        }

        // Whole segments whose newest event has left the window are dropped (head first, so a crash in
        // between leaves an unreferenced segment, never a referenced missing one).
        var expired = _segments.Where(s => s.Value.State!.Events.Count > 0 && s.Value.State!.Events[^1].Id <= e.Id - retain)
            .Select(s => s.Key).ToList();
        if (expired.Count > 0)
        {
            _head.State!.FirstSegment = expired.Max() + 1;
        }

        await storage.WriteStateAsync(HeadName, grainId, _head);
        foreach (var old in expired)
        {
            await storage.ClearStateAsync(SegmentName(old), grainId, _segments[old]);
            _segments.Remove(old);
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

    private const string HeadName = "events-head";

    private static string SegmentName(long segment) => $"events-{segment}";

    private Event ToEvent(StoredEvent stored) =>
        new(stored.Id, topic, stored.Data, DateTimeOffset.FromUnixTimeMilliseconds(stored.TimestampMs));
}

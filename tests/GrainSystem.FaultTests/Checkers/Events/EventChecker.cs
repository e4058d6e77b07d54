using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Checkers.Events;

/// <summary>
/// Checks event delivery per subscriber and topic: only matching topics; ids in increasing order with no holes, none
/// twice (across resumes), a <c>gap</c> only for ids already beyond the retention; each event carrying the data of the
/// publish acknowledged with its id, no publish refused with "nothing changed" stored, none stored twice; and every
/// publish acknowledged after the subscription started delivered to it (or reported in a gap).
/// </summary>
public static class EventChecker
{
    public static CheckResult Check(IEnumerable<PublishOp> publishes, IEnumerable<SubscriberLog> subscribers, int retainPerTopic)
    {
        var result = new CheckResult(Features.Events);
        var all = publishes.ToList();
        var logs = subscribers.ToList();
        result.Checked = all.Count(p => p.Outcome != Outcome.Failed) + logs.Sum(s => s.Deliveries.Count);
        var acked = all.Where(p => p.Outcome == Outcome.Ok).ToList();
        var byMarker = all.GroupBy(p => p.Marker).ToDictionary(g => g.Key, g => g.First());
        foreach (var twice in acked.GroupBy(p => (p.Topic, p.Id)).Where(g => g.Count() > 1))
        {
            result.Add(new Anomaly(Features.Events, "ids unique", twice.Max(p => p.Complete),
                $"topic {twice.Key.Topic}: id {twice.Key.Id} acknowledged to {twice.Count()} publishes"));
        }

        var known = new KnownIds(acked, logs);
        foreach (var log in logs)
        {
            CheckOrder(log, byMarker, known, retainPerTopic, result);
            CheckComplete(log, acked, result);
        }

        return result;
    }

    private static void CheckOrder(SubscriberLog log, Dictionary<string, PublishOp> byMarker, KnownIds known, int retain, CheckResult result)
    {
        var last = new Dictionary<string, long>();
        var markers = new Dictionary<string, (string Topic, long Id)>();
        foreach (var d in log.Deliveries)
        {
            if (!TopicMatch.MatchesAny(log.Patterns, d.Topic))
            {
                result.Add(Anomaly(d, "matching topics", $"{log.Name} ({string.Join(" ", log.Patterns)}) got an event of topic {d.Topic}"));
                continue;
            }

            var previous = last.GetValueOrDefault(d.Topic);
            if (d.IsGap)
            {
                var newest = known.NewestAt(d.Topic, d.At);
                if (d.GapTo > newest - retain)
                {
                    result.Add(Anomaly(d, "gap beyond retention",
                        $"{log.Name}: gap {d.GapFrom}..{d.GapTo} on {d.Topic}, but id {newest} was stored and {retain} are retained"));
                }

                last[d.Topic] = Math.Max(previous, d.GapTo);
                continue;
            }

            if (d.Id <= previous)
            {
                result.Add(Anomaly(d, "in order, none twice", $"{log.Name}: {d.Topic} id {d.Id} after id {previous} (connection {d.Connection})"));
                continue;
            }

            if (previous != 0 && d.Id != previous + 1)
            {
                result.Add(Anomaly(d, "no holes", $"{log.Name}: {d.Topic} id {d.Id} after id {previous}: ids {previous + 1}..{d.Id - 1} never came"));
            }

            last[d.Topic] = d.Id;
            CheckData(log, d, byMarker, markers, result);
        }
    }

    private static void CheckData(SubscriberLog log, Delivery d, Dictionary<string, PublishOp> byMarker,
        Dictionary<string, (string Topic, long Id)> markers, CheckResult result)
    {
        if (d.Marker is null || !byMarker.TryGetValue(d.Marker, out var publish))
        {
            result.Add(Anomaly(d, "acknowledged data", $"{log.Name}: {d.Topic} id {d.Id} carries data nobody published ({d.Marker})"));
            return;
        }

        if (markers.TryGetValue(d.Marker, out var earlier))
        {
            result.Add(Anomaly(d, "stored once", $"{log.Name}: the publish {d.Marker} arrived as {earlier.Topic} id {earlier.Id} and again as id {d.Id}"));
        }

        markers[d.Marker] = (d.Topic, d.Id);
        if (publish.Outcome == Outcome.Failed)
        {
            result.Add(Anomaly(d, "refused means nothing stored",
                $"{log.Name}: {d.Topic} id {d.Id} is the publish {d.Marker}, answered 'refused, nothing changed'"));
        }
        else if (publish.Outcome == Outcome.Ok && (publish.Topic, publish.Id) != (d.Topic, d.Id))
        {
            result.Add(Anomaly(d, "stored once",
                $"{log.Name}: {d.Topic} id {d.Id} is the publish {d.Marker}, acknowledged as {publish.Topic} id {publish.Id}"));
        }
    }

    private static void CheckComplete(SubscriberLog log, List<PublishOp> acked, CheckResult result)
    {
        var delivered = log.Deliveries.Where(d => !d.IsGap).Select(d => (d.Topic, d.Id)).ToHashSet();
        var gaps = log.Deliveries.Where(d => d.IsGap).ToLookup(d => d.Topic);
        var missing = acked
            .Where(p => p.Invoke >= log.SubscribedAt && TopicMatch.MatchesAny(log.Patterns, p.Topic) && !delivered.Contains((p.Topic, p.Id))
                && !gaps[p.Topic].Any(g => g.GapFrom <= p.Id && p.Id <= g.GapTo))
            .ToList();
        foreach (var topic in missing.GroupBy(p => p.Topic))
        {
            result.Add(new Anomaly(Features.Events, "every acknowledged event delivered", topic.Min(p => p.Complete),
                $"{log.Name}: {topic.Count()} acknowledged events of {topic.Key} never arrived, e.g. ids "
                + string.Join(", ", topic.Select(p => p.Id).Order().Take(8))));
        }
    }

    private static Anomaly Anomaly(Delivery d, string check, string description) => new(Features.Events, check, d.At, description);

    /// <summary>The highest id known stored on a topic at a time: acknowledged, or delivered to anyone by then.</summary>
    private sealed class KnownIds(List<PublishOp> acked, List<SubscriberLog> logs)
    {
        private readonly ILookup<string, (long At, long Id)> _ids = acked.Select(p => (p.Topic, At: p.Complete, p.Id))
            .Concat(logs.SelectMany(l => l.Deliveries.Where(d => !d.IsGap).Select(d => (d.Topic, d.At, d.Id))))
            .ToLookup(x => x.Topic, x => (x.At, x.Id));

        public long NewestAt(string topic, long time) => _ids[topic].Where(x => x.At <= time).Select(x => x.Id).DefaultIfEmpty(0).Max();
    }
}

using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Checkers.Liveness;

/// <summary>
/// Checks what every request and every fault window promise: an answer within the response timeout plus 1 s (plus the
/// wait a request asked for), no 5xx but 503, 503 with <c>Retry-After</c>; and every feature answering again after
/// each heal within the window. Also measures each feature's longest unavailability and recovery per window.
/// </summary>
public static class LivenessChecker
{
    /// <summary>The check of an answer's time against its bound.</summary>
    public const string AnswersInTime = "answers in time";

    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

    public static CheckResult Check(IEnumerable<RequestRecord> requests, TimeSpan responseTimeout)
    {
        var result = new CheckResult("liveness");
        foreach (var request in requests)
        {
            result.Checked++;
            var bound = responseTimeout + Slack + request.Allowance;
            if (TimeSpan.FromTicks(request.Duration) > bound)
            {
                result.Add(new Anomaly(request.Feature, AnswersInTime, request.Start + request.Duration,
                    $"{request.Route} took {TimeSpan.FromTicks(request.Duration).TotalSeconds:0.0} s (bound {bound.TotalSeconds:0.0} s), "
                    + (request.Status == 0 ? $"then failed: {request.Error}" : $"answered {request.Status}")));
            }

            if (request.Status >= 500 && request.Status != 503)
            {
                result.Add(new Anomaly(request.Feature, "no 5xx but 503", request.Start + request.Duration,
                    $"{request.Route} answered {request.Status} {request.ProblemType}: {request.Error}"));
            }
            else if (request.Status == 503 && !request.RetryAfter)
            {
                result.Add(new Anomaly(request.Feature, "503 with Retry-After", request.Start + request.Duration,
                    $"{request.Route} answered 503 without Retry-After: {request.Error}"));
            }
        }

        return result;
    }

    /// <summary>Availability per window and feature; a feature that never answered after a heal is an anomaly.</summary>
    public static IReadOnlyList<WindowStats> Windows(IEnumerable<FaultWindow> windows, IEnumerable<FeatureSuccess> successes,
        IEnumerable<string> features, CheckResult result)
    {
        var byFeature = successes.ToLookup(s => s.Feature);
        var stats = new List<WindowStats>();
        foreach (var window in windows)
        {
            foreach (var feature in features)
            {
                var done = byFeature[feature].Where(s => s.Complete >= window.Injected && s.Complete < window.End)
                    .Select(s => s.Complete).Order().ToList();
                var longest = done.Count == 0 ? window.End - window.Injected : done.Zip(done.Skip(1), (a, b) => b - a)
                    .Append(done[0] - window.Injected).Max();
                var first = byFeature[feature].Where(s => s.Invoke >= window.Healed && s.Complete < window.End).Select(s => s.Complete)
                    .DefaultIfEmpty(RunClock.Never).Min();
                TimeSpan? recovery = first == RunClock.Never ? null : TimeSpan.FromTicks(first - window.Healed);
                if (recovery is null)
                {
                    result.Add(new Anomaly(feature, "recovers", window.End,
                        $"no {feature} operation succeeded in the {TimeSpan.FromTicks(window.End - window.Healed).TotalSeconds:0} s after {window.Name} was healed"));
                }

                stats.Add(new WindowStats(window.Name, feature, TimeSpan.FromTicks(longest), recovery));
            }
        }

        return stats;
    }
}

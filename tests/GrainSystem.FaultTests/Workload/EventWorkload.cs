using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GrainSystem.FaultTests.Checkers;
using GrainSystem.FaultTests.History;
using GrainSystem.Testing;

namespace GrainSystem.FaultTests.Workload;

/// <summary>
/// Publishers on a few topics (one of them quiet: an event every few seconds) and subscribers with overlapping
/// patterns over Server-Sent Events, which resume with the last id they read whenever their stream ends.
/// </summary>
public sealed class EventWorkload(ApiClient api, string prefix)
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(3);

    private readonly HttpClient _streams = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        BaseAddress = api.Http.BaseAddress,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public IReadOnlyList<string> BusyTopics { get; } = [$"{prefix}.a", $"{prefix}.b.x"];

    public string QuietTopic { get; } = $"{prefix}.quiet";

    public IReadOnlyList<IReadOnlyList<string>> Subscriptions { get; } =
        [[$"{prefix}.#"], [$"{prefix}.a", $"{prefix}.quiet"], [$"{prefix}.*.x"]];

    public async Task RunPublisherAsync(int client, TimeSpan think, CancellationToken stop)
    {
        var random = new Random(client * 15485863);
        var quietAt = api.History.Clock.Now;
        for (var seq = 0; !stop.IsCancellationRequested; seq++)
        {
            var quiet = client == 0 && api.History.Clock.Now - quietAt >= QuietPeriod.Ticks;
            quietAt = quiet ? api.History.Clock.Now : quietAt;
            await PublishAsync(client, quiet ? QuietTopic : BusyTopics[random.Next(BusyTopics.Count)], $"p{client}-{seq}");
            await Pause.ForAsync(think, stop);
        }
    }

    public async Task RunSubscriberAsync(SubscriberLog log, CancellationToken stop)
    {
        string? cursor = null;
        for (var connection = 1; !stop.IsCancellationRequested; connection++)
        {
            try
            {
                cursor = await ReadStreamAsync(log, connection, cursor, stop);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
                // The stream broke (the API died, say): resume from the last id read; or the subscriber was stopped.
            }

            await Pause.ForAsync(TimeSpan.FromMilliseconds(200), stop);
        }
    }

    /// <summary>Whether <paramref name="log"/> has every acknowledged event it must get so far.</summary>
    public bool CaughtUp(SubscriberLog log)
    {
        var delivered = log.Deliveries.Select(d => (d.Topic, d.Id)).ToHashSet();
        return api.History.Publishes.Where(p => p.Outcome == Outcome.Ok && p.Invoke >= log.SubscribedAt
                && Checkers.Events.TopicMatch.MatchesAny(log.Patterns, p.Topic))
            .All(p => delivered.Contains((p.Topic, p.Id)));
    }

    private async Task PublishAsync(int client, string topic, string marker)
    {
        var key = Guid.NewGuid().ToString("N");
        var (attempt, invoke) = await api.CallAsync(Features.Events, "POST /events",
            () => ApiClient.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/events/{topic}") { Content = JsonContent.Create(new { m = marker }) }, key),
            idempotent: true);
        var id = attempt.Is(HttpStatusCode.Accepted) ? JsonDocument.Parse(attempt.Body).RootElement.GetProperty("id").GetInt64() : 0;
        var outcome = attempt.Outcome == Outcome.Ok && id == 0 ? Outcome.Failed : attempt.Outcome;
        api.History.Publishes.Enqueue(new PublishOp(client, topic, marker, outcome, id, invoke,
            outcome == Outcome.Indeterminate ? RunClock.Never : api.History.Clock.Now));
    }

    /// <summary>One connection: subscribes (resuming after <paramref name="cursor"/>), records what arrives, returns the last cursor.</summary>
    private async Task<string?> ReadStreamAsync(SubscriberLog log, int connection, string? cursor, CancellationToken stop)
    {
        var query = string.Join('&', log.Patterns.Select(p => "pattern=" + Uri.EscapeDataString(p)));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/events/stream?{query}");
        if (cursor is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", cursor);
        }

        var start = api.History.Clock.Now;
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(stop);
        connect.CancelAfter(ApiClient.RequestTimeout);
        using var response = await _streams.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connect.Token);
        api.History.Requests.Enqueue(new RequestRecord(Features.Events, "GET /events/stream", start, api.History.Clock.Now - start,
            (int)response.StatusCode, null, response.Headers.RetryAfter is not null, null, TimeSpan.Zero));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return cursor;
        }

        // The answer's headers are sent once the subscription is registered: from here on it must get every event.
        if (log.SubscribedAt == RunClock.Never)
        {
            log.SubscribedAt = api.History.Clock.Now;
        }

        using var reader = new ServerSentEventReader(await response.Content.ReadAsStreamAsync(stop));
        while (await reader.NextAsync(stop) is { } next)
        {
            cursor = next.Id ?? cursor;
            switch (next.Type)
            {
                case "overflow":
                    return cursor;
                case "gap":
                    var gap = JsonDocument.Parse(next.Data).RootElement;
                    log.Add(new Delivery(gap.GetProperty("topic").GetString()!, 0, null, api.History.Clock.Now, connection, IsGap: true,
                        GapFrom: gap.GetProperty("from").GetInt64(), GapTo: gap.GetProperty("to").GetInt64()));
                    break;
                default:
                    var marker = JsonDocument.Parse(next.Data).RootElement.TryGetProperty("m", out var m) ? m.GetString() : null;
                    log.Add(new Delivery(next.Type, IdOf(next.Id, next.Type), marker, api.History.Clock.Now, connection));
                    break;
            }
        }

        return cursor;
    }

    /// <summary>The id of <paramref name="topic"/>'s event in a cursor <c>{start};{topic}={id};…</c>.</summary>
    private static long IdOf(string? cursor, string topic)
    {
        foreach (var part in (cursor ?? "").Split(';'))
        {
            if (part.StartsWith(topic + "=", StringComparison.Ordinal))
            {
                return long.Parse(part.AsSpan(topic.Length + 1), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
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
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(300);

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
        // Kept outside the connection: a stream that breaks (the API died) must still resume from the last id it read.
        var cursor = new StrongBox<string?>();
        for (var connection = 1; !stop.IsCancellationRequested; connection++)
        {
            try
            {
                await ReadStreamAsync(log, connection, cursor, stop);
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

    /// <summary>
    /// One logical publish: retried with the same <c>Idempotency-Key</c> while the answer allows it. Its outcome is the
    /// last answer's, except that a refusal after an attempt of unknown outcome leaves it unknown (that attempt may
    /// still land: the refusal speaks for its own attempt only).
    /// </summary>
    private async Task PublishAsync(int client, string topic, string marker)
    {
        var key = Guid.NewGuid().ToString("N");
        var invoke = api.History.Clock.Now;
        var mayHaveLanded = false;
        Attempt attempt;
        for (var left = 3; ; await Task.Delay(RetryPause))
        {
            attempt = await api.SendAsync(Features.Events, "POST /events",
                () => ApiClient.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/events/{topic}") { Content = JsonContent.Create(new { m = marker }) }, key));
            mayHaveLanded |= attempt.Outcome == Outcome.Indeterminate;
            if (!attempt.Retryable || --left == 0)
            {
                break;
            }
        }

        var id = attempt.Is(HttpStatusCode.Accepted) ? JsonDocument.Parse(attempt.Body).RootElement.GetProperty("id").GetInt64() : 0;
        var outcome = attempt.Outcome switch
        {
            Outcome.Ok when id == 0 => Outcome.Failed,
            Outcome.Failed when mayHaveLanded => Outcome.Indeterminate,
            var last => last,
        };
        api.History.Publishes.Enqueue(new PublishOp(client, topic, marker, outcome, id, invoke,
            outcome == Outcome.Indeterminate ? RunClock.Never : api.History.Clock.Now));
    }

    /// <summary>One connection: subscribes (resuming after <paramref name="cursor"/>), records what arrives, advancing the cursor per event.</summary>
    private async Task ReadStreamAsync(SubscriberLog log, int connection, StrongBox<string?> cursor, CancellationToken stop)
    {
        var query = string.Join('&', log.Patterns.Select(p => "pattern=" + Uri.EscapeDataString(p)));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/events/stream?{query}");
        if (cursor.Value is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", cursor.Value);
        }

        var start = api.History.Clock.Now;
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(stop);
        connect.CancelAfter(ApiClient.RequestTimeout);
        using var response = await _streams.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connect.Token);
        api.History.Requests.Enqueue(new RequestRecord(Features.Events, "GET /events/stream", start, api.History.Clock.Now - start,
            (int)response.StatusCode, null, response.Headers.RetryAfter is not null, null, TimeSpan.Zero));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return;
        }

        // The answer's headers are sent once the subscription is registered: from here on it must get every event.
        if (log.SubscribedAt == RunClock.Never)
        {
            log.SubscribedAt = api.History.Clock.Now;
        }

        using var reader = new ServerSentEventReader(await response.Content.ReadAsStreamAsync(stop));
        while (await reader.NextAsync(stop) is { } next)
        {
            cursor.Value = next.Id ?? cursor.Value;
            switch (next.Type)
            {
                case "overflow":
                    return;
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

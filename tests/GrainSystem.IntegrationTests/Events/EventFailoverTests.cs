using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using GrainSystem.Abstractions.Events;
using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Events;

public sealed class EventFailoverTests(EventsProcessCluster cluster) : IClassFixture<EventsProcessCluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_subscriber_on_the_api_gets_every_acknowledged_event_across_a_silo_kill_and_can_resume_afterwards()
    {
        var topic = $"it.{Guid.NewGuid():N}.orders";
        using var http = new HttpClient { BaseAddress = cluster.ApiAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var stream = await OpenAsync(http, topic, lastEventId: null);

        // Publish steadily; kill the silo hosting the topic after 50 acknowledged events.
        var acknowledged = new ConcurrentBag<long>();
        using var stopPublishing = new CancellationTokenSource();
        var publisher = Task.Run(async () =>
        {
            var n = 0;
            while (!stopPublishing.IsCancellationRequested)
            {
                try
                {
                    var response = await cluster.Http.PostAsync($"/events/{topic}",
                        new StringContent($"{{\"n\":{n++}}}", Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        acknowledged.Add(body.RootElement.GetProperty("id").GetInt64());
                    }
                }
                catch (HttpRequestException)
                {
                    // Failover in progress: unacknowledged, so not expected.
                }
            }
        });

        await Poll.UntilAsync(() => acknowledged.Count >= 50, Deadline, "50 acknowledged events");
        var victim = await cluster.SiloHostingAsync(cluster.Client.GetGrain<ITopicGrain>(topic));
        victim.Process.Kill();
        var atKill = acknowledged.Count;
        await Poll.UntilAsync(() => acknowledged.Count >= atKill + 100, Deadline, "100 more acknowledged events after the kill");
        await stopPublishing.CancelAsync();
        await publisher;

        // Live: every acknowledged event arrives, in id order, with no duplicates or holes.
        var missing = acknowledged.ToHashSet();
        var live = new List<ServerSentEvent>();
        var liveIds = new List<long>();
        using (var reading = new CancellationTokenSource(Deadline))
        {
            while (missing.Count > 0)
            {
                var next = await stream.Events.NextAsync(reading.Token) ?? throw new InvalidOperationException("The stream ended.");
                if (next.Type == topic)
                {
                    // Each cursor is parsed once (the id of the event it follows).
                    var id = IdOf(next, topic);
                    live.Add(next);
                    liveIds.Add(id);
                    missing.Remove(id);
                }
            }
        }

        Assert.Equal(Enumerable.Range(1, liveIds.Count).Select(i => (long)i), liveIds);

        // Afterwards the retained events are still there: resuming from the 10th event replays the rest.
        var tenth = live[9].Id!;
        using var resumed = await OpenAsync(http, topic, tenth);
        var replayed = new List<long>();
        using (var reading = new CancellationTokenSource(Deadline))
        {
            while (replayed.Count < liveIds.Count - 10)
            {
                var next = await resumed.Events.NextAsync(reading.Token) ?? throw new InvalidOperationException("The resumed stream ended.");
                Assert.Equal(topic, next.Type);
                replayed.Add(IdOf(next, topic));
            }
        }

        Assert.Equal(liveIds.Skip(10), replayed);

        // Retention lives in a Redis Stream per topic, one entry per event, with the event id as entry id.
        var streamKey = $"{cluster.ServiceId}:events:{topic}";
        // MAXLEN ~ trims approximately (whole nodes): at least the retention, never more than was stored.
        Assert.InRange(await cluster.Redis.Database.StreamLengthAsync(streamKey), Math.Min(liveIds.Count, EventsProcessCluster.RetainPerTopic), liveIds.Count);
        var newest = await cluster.Redis.Database.StreamRangeAsync(streamKey, "-", "+", count: 1, messageOrder: StackExchange.Redis.Order.Descending);
        Assert.Equal($"{liveIds[^1]}-0", newest[0].Id.ToString());
    }

    private static long IdOf(ServerSentEvent e, string topic) =>
        EventCursor.TryParse(e.Id, out var cursor, out _) ? cursor!.LastId(topic) ?? 0 : 0;

    private static async Task<OpenStream> OpenAsync(HttpClient http, string topic, string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/events/stream?pattern={topic.Split('.')[0]}.{topic.Split('.')[1]}.%23");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new OpenStream(response, new ServerSentEventReader(await response.Content.ReadAsStreamAsync()));
    }

    private sealed record OpenStream(HttpResponseMessage Response, ServerSentEventReader Events) : IDisposable
    {
        public void Dispose()
        {
            Events.Dispose();
            Response.Dispose();
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using GrainSystem.Abstractions.Events;
using GrainSystem.Api.Tests.Http;
using GrainSystem.Testing;

namespace GrainSystem.Api.Tests.Events;

public sealed class EventStreamLimitTests(LimitedEventsApiFactory factory) : IClassFixture<LimitedEventsApiFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Streams_beyond_the_configured_maximum_are_refused_with_503_until_one_closes()
    {
        var client = factory.CreateClient();
        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < LimitedEventsApiFactory.MaxStreams; i++)
        {
            open.Add(await OpenAsync(client, $"limit{i}.#"));
            Assert.Equal(HttpStatusCode.OK, open[^1].StatusCode);
        }

        var refused = await OpenAsync(client, "limit.#");
        await ProblemDetailsAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable, field: null);

        open[0].Dispose();
        await Poll.UntilAsync(async () =>
        {
            using var retry = await OpenAsync(client, "limit.#");
            return retry.StatusCode == HttpStatusCode.OK;
        }, Deadline, "a stream slot to be free again after one stream closed");

        foreach (var response in open.Skip(1))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_stream_whose_client_does_not_read_ends_with_an_overflow_event_and_publishers_go_on()
    {
        var client = factory.CreateClient();
        var topic = $"ssefull.{Guid.NewGuid():N}";
        using var response = await OpenAsync(client, topic);
        using var reader = new ServerSentEventReader(await response.Content.ReadAsStreamAsync());

        // The client reads nothing: the response pipe fills (64 KiB), then the subscription's 16-event buffer.
        var payload = JsonSerializer.Serialize(new string('x', 4096));
        const int published = 200;
        for (var i = 1; i <= published; i++)
        {
            var accepted = await client.PostAsync($"/events/{topic}", new StringContent(payload, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var events = new List<ServerSentEvent>();
        using var reading = new CancellationTokenSource(Deadline);
        while (await reader.NextAsync(reading.Token) is { } next)
        {
            events.Add(next);
        }

        Assert.Equal(EventKinds.Overflow, events[^1].Type);
        var delivered = events.SkipLast(1).ToList();
        Assert.All(delivered, e => Assert.Equal(topic, e.Type));
        Assert.InRange(delivered.Count, LimitedEventsApiFactory.SubscriberBuffer, published - 1);
        using var overflow = JsonDocument.Parse(events[^1].Data);
        Assert.True(EventCursor.TryParse(overflow.RootElement.GetProperty("lastEventId").GetString(), out var cursor, out _));
        Assert.Equal(delivered.Count, cursor!.LastId(topic));
    }

    private static Task<HttpResponseMessage> OpenAsync(HttpClient client, string pattern) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/events/stream?pattern={Uri.EscapeDataString(pattern)}"),
            HttpCompletionOption.ResponseHeadersRead);
}

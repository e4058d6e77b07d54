using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GrainSystem.Abstractions.Events;
using GrainSystem.Api.Tests.Http;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Api.Tests.Events;

public sealed class EventApiTests(GrainSystemApiFactory factory) : IClassFixture<GrainSystemApiFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Publishing_answers_202_with_ids_increasing_per_topic()
    {
        var client = factory.CreateClient();
        var topic = Topic("publish");

        var first = await client.PostAsJsonAsync($"/events/{topic}", new { user = 1 });
        var second = await client.PostAsJsonAsync($"/events/{topic}", new { user = 2 });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("a.*")]
    [InlineData("gap")]
    [InlineData("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q")]
    public async Task Publishing_on_an_invalid_topic_is_a_400_naming_the_topic(string topic)
    {
        var response = await factory.CreateClient().PostAsync($"/events/{Uri.EscapeDataString(topic)}", Json("{}"));
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "topic");
    }

    [Fact]
    public async Task Publishing_a_body_that_is_not_json_is_a_400_naming_the_data()
    {
        var response = await factory.CreateClient().PostAsync($"/events/{Topic("bad")}", Json("{not json"));
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "data");
    }

    [Fact]
    public async Task Publishing_more_than_64_KiB_is_a_413_naming_the_data_and_stores_nothing()
    {
        var client = factory.CreateClient();
        var topic = Topic("big");
        var response = await client.PostAsync($"/events/{topic}", Json("\"" + new string('x', EventTopic.MaxDataBytes) + "\""));
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "data");

        var next = await client.PostAsync($"/events/{topic}", Json("1"));
        Assert.Equal(1, (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_chunked_body_over_64_KiB_is_a_413_too()
    {
        var body = Encoding.UTF8.GetBytes("\"" + new string('x', EventTopic.MaxDataBytes + 10) + "\"");
        var content = new UnknownLengthContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/events/{Topic("chunked")}") { Content = content };

        var response = await factory.CreateClient().SendAsync(request);
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "data");
    }

    [Theory]
    [InlineData("")]
    [InlineData("?pattern=a..b")]
    [InlineData("?pattern=a.b*")]
    [InlineData("?pattern=a&pattern=.")]
    public async Task Subscribing_with_a_missing_or_invalid_pattern_is_a_400_naming_the_pattern(string query)
    {
        var response = await factory.CreateClient().GetAsync($"/events/stream{query}");
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "pattern");
    }

    [Fact]
    public async Task Subscribing_with_more_than_32_patterns_is_a_400_naming_the_pattern()
    {
        var query = string.Join('&', Enumerable.Range(0, 33).Select(i => $"pattern=p{i}.%23"));
        var response = await factory.CreateClient().GetAsync($"/events/stream?{query}");
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "pattern");
    }

    [Fact]
    public async Task Subscribing_with_a_last_event_id_over_4_KB_is_a_400_naming_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream?pattern=a.%23");
        request.Headers.Add("Last-Event-ID", "1;" + string.Join(';', Enumerable.Range(0, 500).Select(i => $"a.topic{i}=1")));
        var response = await factory.CreateClient().SendAsync(request);
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "Last-Event-ID");
    }

    [Fact]
    public async Task Non_ascii_text_is_stored_as_sent_not_escaped_so_a_body_under_64_KiB_is_accepted()
    {
        var client = factory.CreateClient();
        var topic = Topic("unicode");
        using var stream = await OpenStreamAsync(client, $"?pattern={topic}");

        // 30,000 × 'é' is 60,000 UTF-8 bytes; escaped as \u00E9 it would be 180,000.
        var text = new string('é', 30_000);
        var response = await client.PostAsync($"/events/{topic}", Json($"{{\"name\": \"Zoë 😀\", \"text\": \"{text}\"}}"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var received = Assert.Single(await stream.Reader.TakeAsync(1, Deadline));
        Assert.Equal($"{{\"name\":\"Zoë 😀\",\"text\":\"{text}\"}}", received.Data);
    }

    [Fact]
    public async Task Subscribing_with_a_malformed_last_event_id_is_a_400_naming_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream?pattern=a.#");
        request.Headers.Add("Last-Event-ID", "not-a-cursor");
        var response = await factory.CreateClient().SendAsync(request);
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "Last-Event-ID");
    }

    [Fact]
    public async Task The_stream_delivers_matching_events_as_server_sent_events_while_they_are_published()
    {
        var client = factory.CreateClient();
        var root = Topic("sse");
        using var stream = await OpenStreamAsync(client, $"?pattern={root}.*&pattern={root}.x.%23");
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);

        await client.PostAsync($"/events/{root}.a", Json("{\"n\":1}"));
        await client.PostAsync($"/events/{root}.other.deep", Json("2"));
        await client.PostAsync($"/events/{root}.x", Json("[3]"));
        await client.PostAsync($"/events/{root}.a", Json("{\"n\": 4,\n \"text\":\"two\\nlines\"}"));

        // Order is defined per topic only: `a` events in publish order, `x` anywhere around them.
        var events = await stream.Reader.TakeAsync(3, Deadline);
        Assert.Equal(["{\"n\":1}", "{\"n\":4,\"text\":\"two\\nlines\"}"], events.Where(e => e.Type == $"{root}.a").Select(e => e.Data));
        Assert.Equal(["[3]"], events.Where(e => e.Type == $"{root}.x").Select(e => e.Data));
        Assert.All(events, e => Assert.True(EventCursor.TryParse(e.Id, out _, out _), e.Id));
        Assert.True(EventCursor.TryParse(events[^1].Id, out var cursor, out _));
        Assert.Equal(2, cursor!.LastId($"{root}.a"));
        Assert.Equal(1, cursor.LastId($"{root}.x"));
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_resumes_without_loss_or_duplicates()
    {
        var client = factory.CreateClient();
        var topic = Topic("sseresume");
        string lastId;
        using (var stream = await OpenStreamAsync(client, $"?pattern={topic}"))
        {
            for (var i = 1; i <= 3; i++)
            {
                await client.PostAsync($"/events/{topic}", Json($"{i}"));
            }

            var first = await stream.Reader.TakeAsync(2, Deadline);
            Assert.Equal(["1", "2"], first.Select(e => e.Data));
            lastId = first[^1].Id!;
        }

        for (var i = 4; i <= 6; i++)
        {
            await client.PostAsync($"/events/{topic}", Json($"{i}"));
        }

        using var resumed = await OpenStreamAsync(client, $"?pattern={topic}", lastId);
        await client.PostAsync($"/events/{topic}", Json("7"));
        var rest = await resumed.Reader.TakeAsync(5, Deadline);
        Assert.Equal(["3", "4", "5", "6", "7"], rest.Select(e => e.Data));
    }

    [Fact]
    public async Task Closing_the_stream_unsubscribes()
    {
        var client = factory.CreateClient();
        var topic = Topic("sseclose");
        var (word, _) = EventRouting.RoutersFor(topic);
        var router = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IEventRouterGrain>(word);
        using (var stream = await OpenStreamAsync(client, $"?pattern={topic}"))
        {
            await client.PostAsync($"/events/{topic}", Json("1"));
            Assert.Single(await stream.Reader.TakeAsync(1, Deadline));
            Assert.Contains(topic, await router.ListSubscribedPatterns());
        }

        // The server sees the disconnect and removes the subscription from its router.
        await GrainSystem.Testing.Poll.UntilAsync(async () => !(await router.ListSubscribedPatterns()).Contains(topic),
            Deadline, "the closed stream's subscription to leave its router");
    }

    private static string Topic(string prefix) => $"{prefix}.{Guid.NewGuid():N}";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<OpenStream> OpenStreamAsync(HttpClient client, string query, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/events/stream{query}");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new ServerSentEventReader(await response.Content.ReadAsStreamAsync());
        return new OpenStream(response, reader);
    }

    private sealed record OpenStream(HttpResponseMessage Response, ServerSentEventReader Reader) : IDisposable
    {
        public void Dispose()
        {
            Reader.Dispose();
            Response.Dispose();
        }
    }

    /// <summary>A body without Content-Length, so the server must stop reading at the limit itself.</summary>
    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

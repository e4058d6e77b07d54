using System.Net;
using System.Text;
using System.Text.Json;
using GrainSystem.Testing;

namespace GrainSystem.Api.Tests.Events;

public sealed class EventStreamTimingTests(TunedEventsApiFactory factory) : IClassFixture<TunedEventsApiFactory>
{
    [Fact]
    public async Task Resuming_past_the_retention_starts_the_stream_with_a_gap_event_then_the_retained_events()
    {
        var client = factory.CreateClient();
        var topic = $"gap.{Guid.NewGuid():N}";
        var request = new HttpRequestMessage(HttpMethod.Get, $"/events/stream?pattern={topic}");
        string lastId;
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        using (var reader = new ServerSentEventReader(await response.Content.ReadAsStreamAsync()))
        {
            await client.PostAsync($"/events/{topic}", new StringContent("1", Encoding.UTF8, "application/json"));
            lastId = (await reader.TakeAsync(1, TimeSpan.FromSeconds(30)))[0].Id!;
        }

        for (var i = 2; i <= 20; i++)
        {
            await client.PostAsync($"/events/{topic}", new StringContent($"{i}", Encoding.UTF8, "application/json"));
        }

        var resume = new HttpRequestMessage(HttpMethod.Get, $"/events/stream?pattern={topic}&lastEventId={Uri.EscapeDataString(lastId)}");
        using var resumed = await client.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        using var events = new ServerSentEventReader(await resumed.Content.ReadAsStreamAsync());
        var received = await events.TakeAsync(6, TimeSpan.FromSeconds(30));

        Assert.Equal("gap", received[0].Type);
        using var gap = JsonDocument.Parse(received[0].Data);
        Assert.Equal(topic, gap.RootElement.GetProperty("topic").GetString());
        Assert.Equal(2, gap.RootElement.GetProperty("from").GetInt64());
        Assert.Equal(15, gap.RootElement.GetProperty("to").GetInt64());
        Assert.Equal(["16", "17", "18", "19", "20"], received.Skip(1).Select(e => e.Data));
        Assert.All(received.Skip(1), e => Assert.Equal(topic, e.Type));
    }

    [Fact]
    public async Task An_idle_stream_gets_heartbeat_comments_and_still_delivers_events()
    {
        var client = factory.CreateClient();
        var topic = $"quiet.{Guid.NewGuid():N}";
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/events/stream?pattern={topic}"),
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new ServerSentEventReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var next = reader.NextAsync(timeout.Token);

        await GrainSystem.Testing.Poll.UntilAsync(() => reader.Comments.Count(c => c == ": heartbeat") >= 2,
            TimeSpan.FromSeconds(30), "two heartbeat comments on an idle stream");
        Assert.False(next.IsCompleted);

        await client.PostAsync($"/events/{topic}", new StringContent("{\"after\":\"heartbeats\"}", Encoding.UTF8, "application/json"));
        var e = await next;
        Assert.Equal(topic, e!.Type);
        Assert.Equal("{\"after\":\"heartbeats\"}", e.Data);
    }
}

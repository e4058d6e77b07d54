using System.Net.Http.Json;
using System.Text;
using GrainSystem.Resp.Tests.Support;
using GrainSystem.Testing;
using StackExchange.Redis;

namespace GrainSystem.Resp.Tests.Commands;

/// <summary>PUBLISH and (P)SUBSCRIBE on the event bus: Redis's frames, exact glob semantics, and HTTP on the same bus.</summary>
public abstract class PubSubTests(RespTarget target)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Glob_patterns_receive_exactly_the_channels_redis_would_give_them()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var subscriber = await target.ConnectRawAsync();
        string[] patterns = [$"user{run}.*", $"u?er{run}:*", $"news{run}.[ab]*", $"exact{run}.channel", $"h{run}\\*llo"];
        foreach (var pattern in patterns)
        {
            await subscriber.SendCommandAsync("PSUBSCRIBE", pattern);
            Assert.Equal($"[psubscribe, {pattern}, {Array.IndexOf(patterns, pattern) + 1}]", (await subscriber.ReadAsync())!.Show());
        }

        await subscriber.SendCommandAsync("SUBSCRIBE", $"user{run}.created");
        Assert.Equal($"[subscribe, user{run}.created, 6]", (await subscriber.ReadAsync())!.Show());

        await using var publisher = await target.ConnectRawAsync();
        var published = new Dictionary<string, long>();
        foreach (var channel in new[] { $"user{run}.created", $"user{run}:1", $"uxer{run}:2", $"news{run}.alpha", $"news{run}.charlie",
            $"exact{run}.channel", $"h{run}*llo", $"h{run}ello", $"user{run}", $"users{run}.x" })
        {
            published[channel] = (await publisher.CallAsync("PUBLISH", channel, "m:" + channel)).Number;
        }

        string[] expected =
        [
            $"[message, user{run}.created, m:user{run}.created]",
            $"[pmessage, user{run}.*, user{run}.created, m:user{run}.created]",
            $"[pmessage, u?er{run}:*, user{run}:1, m:user{run}:1]",
            $"[pmessage, u?er{run}:*, uxer{run}:2, m:uxer{run}:2]",
            $"[pmessage, news{run}.[ab]*, news{run}.alpha, m:news{run}.alpha]",
            $"[pmessage, exact{run}.channel, exact{run}.channel, m:exact{run}.channel]",
            $"[pmessage, h{run}\\*llo, h{run}*llo, m:h{run}*llo]",
        ];
        var received = new List<string>();
        for (var i = 0; i < expected.Length; i++)
        {
            received.Add((await subscriber.ReadAsync())!.Show());
        }

        Assert.Equal(expected.Order(), received.Order());
        Assert.Equal(2, published[$"user{run}.created"]);
        Assert.Equal(0, published[$"users{run}.x"]);
        Assert.Equal(1, published[$"h{run}*llo"]);
    }

    [Fact]
    public async Task RESP2_subscribed_mode_allows_only_pubsub_commands_and_PING()
    {
        await using var client = await target.ConnectRawAsync();
        Assert.Equal("[unsubscribe, (nil), 0]", (await client.CallAsync("UNSUBSCRIBE")).Show());
        Assert.Equal("[subscribe, mode-test, 1]", (await client.CallAsync("SUBSCRIBE", "mode-test")).Show());
        Assert.Equal("-ERR Can't execute 'echo': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
            (await client.CallAsync("ECHO", "x")).Raw);
        Assert.Equal("[pong, ]", (await client.CallAsync("PING")).Show());
        Assert.Equal("[unsubscribe, mode-test, 0]", (await client.CallAsync("UNSUBSCRIBE")).Show());
        Assert.Equal("x", (await client.CallAsync("ECHO", "x")).Text);
    }

    [Fact]
    public async Task RESP3_delivers_pushes_beside_ordinary_replies()
    {
        var channel = RespTarget.UniqueKey("push");
        await using var client = await target.ConnectRawAsync();
        await client.CallAsync("HELLO", "3");
        var confirmation = await client.CallAsync("SUBSCRIBE", channel);
        Assert.Equal('>', confirmation.Type);
        Assert.Equal("+PONG\r\n", (await client.CallAsync("PING")).Raw);
        await using var publisher = await target.ConnectRawAsync();
        await publisher.CallAsync("PUBLISH", channel, "hi");
        var push = (await client.ReadAsync())!;
        Assert.Equal('>', push.Type);
        Assert.Equal($"[message, {channel}, hi]", push.Show());
    }

    [Fact]
    public async Task A_message_published_over_RESP_reaches_RESP_subscribers_byte_for_byte()
    {
        var channel = RespTarget.UniqueKey("bytes");
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await using var subscriber = await target.ConnectRawAsync();
        await subscriber.CallAsync("SUBSCRIBE", channel);
        await using var publisher = await target.ConnectRawAsync();
        var command = Encoding.Latin1.GetBytes($"*3\r\n$7\r\nPUBLISH\r\n${channel.Length}\r\n{channel}\r\n$256\r\n")
            .Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        await publisher.SendAsync(command);
        Assert.Equal(1, (await publisher.ReadAsync())!.Number);
        var message = (await subscriber.ReadAsync())!;
        Assert.Equal($"*3\r\n$7\r\nmessage\r\n${channel.Length}\r\n{channel}\r\n$256\r\n{Encoding.Latin1.GetString(payload)}\r\n", message.Raw);
    }

    [Fact]
    public async Task A_client_library_subscribes_and_receives()
    {
        var channel = RedisChannel.Literal(RespTarget.UniqueKey("lib"));
        await using var redis = await target.ConnectAsync();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await redis.GetSubscriber().SubscribeAsync(channel, (_, message) => received.TrySetResult(message!));
        Assert.Equal(1, await redis.GetSubscriber().PublishAsync(channel, "hello"));
        Assert.Equal("hello", await received.Task.WaitAsync(Delivery));
    }

    [Fact]
    public async Task RESP_and_HTTP_publish_and_subscribe_on_one_bus()
    {
        var topic = "cross" + Guid.NewGuid().ToString("N")[..8];
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/events/stream?pattern={topic}.%23");
        using var response = await target.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var sse = new ServerSentEventReader(await response.Content.ReadAsStreamAsync());
        // The stream's headers come once its subscription is registered.
        await using var subscriber = await target.ConnectRawAsync();
        await subscriber.CallAsync("PSUBSCRIBE", $"{topic}.*");
        await using var publisher = await target.ConnectRawAsync();

        await publisher.CallAsync("PUBLISH", $"{topic}.json", "{\"id\":1}");
        await publisher.CallAsync("PUBLISH", $"{topic}.text", "plain text");
        var http = await target.Http.PostAsJsonAsync($"/events/{topic}.http", new { id = 2 });
        http.EnsureSuccessStatusCode();

        var events = await sse.TakeAsync(3, Delivery);
        Assert.Contains(events, e => e.Type == $"{topic}.json" && e.Data == "{\"id\":1}");
        Assert.Contains(events, e => e.Type == $"{topic}.text" && e.Data == "{\"$resp\":\"plain text\"}");
        var messages = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            messages.Add((await subscriber.ReadAsync())!.Show());
        }

        Assert.Contains($"[pmessage, {topic}.*, {topic}.text, plain text]", messages);
        Assert.Contains($"[pmessage, {topic}.*, {topic}.http, {{\"id\":2}}]", messages);
    }
}

[Collection(EmbeddedApiCollection.Name)]
public sealed class EmbeddedPubSubTests(EmbeddedApi api) : PubSubTests(api);

[Collection(ClusterApiCollection.Name)]
public sealed class ClusterPubSubTests(ClusterApi api) : PubSubTests(api);

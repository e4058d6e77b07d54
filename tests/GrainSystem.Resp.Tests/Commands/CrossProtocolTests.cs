using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GrainSystem.Resp.Tests.Support;
using GrainSystem.Testing;
using StackExchange.Redis;

namespace GrainSystem.Resp.Tests.Commands;

/// <summary>One key space: what RESP writes HTTP reads, and back, bytes, counters and expiry alike.</summary>
public abstract class CrossProtocolTests(RespTarget target)
{
    [Fact]
    public async Task A_value_set_over_RESP_is_read_over_HTTP_byte_for_byte_as_octet_stream()
    {
        await using var redis = await target.ConnectAsync();
        var key = RespTarget.UniqueKey("resp-to-http");
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)(255 - i)).ToArray();
        Assert.True(await redis.GetDatabase().StringSetAsync(key, bytes));

        using var response = await target.Http.GetAsync($"/cache/{Uri.EscapeDataString(key)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(1, await redis.GetDatabase().KeyDeleteAsync([key]));
        using var gone = await target.Http.GetAsync($"/cache/{Uri.EscapeDataString(key)}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_value_put_over_HTTP_is_read_over_RESP_and_deleted_for_both()
    {
        await using var redis = await target.ConnectAsync();
        var db = redis.GetDatabase();
        var key = RespTarget.UniqueKey("http-to-resp");
        var bytes = "{\"name\":\"grain\",\"n\":1}"u8.ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using (var put = await target.Http.PutAsync($"/cache/{Uri.EscapeDataString(key)}", content))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        Assert.Equal(bytes, (byte[]?)await db.StringGetAsync(key));
        Assert.Equal(bytes.Length, await db.StringLengthAsync(key));
        Assert.Equal(RedisType.String, await db.KeyTypeAsync(key));
        Assert.Null(await db.KeyTimeToLiveAsync(key));

        using (var delete = await target.Http.DeleteAsync($"/cache/{Uri.EscapeDataString(key)}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.False(await db.KeyExistsAsync(key));
    }

    [Fact]
    public async Task Expiry_is_the_same_both_ways()
    {
        await using var redis = await target.ConnectAsync();
        var db = redis.GetDatabase();
        var viaResp = RespTarget.UniqueKey("ttl-resp");
        await db.StringSetAsync(viaResp, "v", TimeSpan.FromSeconds(120));
        using (var read = await target.Http.GetAsync($"/cache/{Uri.EscapeDataString(viaResp)}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var expires = read.Content.Headers.Expires!.Value;
            Assert.InRange(expires, DateTimeOffset.UtcNow.AddSeconds(110), DateTimeOffset.UtcNow.AddSeconds(122));
        }

        var viaHttp = RespTarget.UniqueKey("ttl-http");
        using (var put = await target.Http.PutAsync($"/cache/{Uri.EscapeDataString(viaHttp)}?ttl=90", new ByteArrayContent("v"u8.ToArray())))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        Assert.InRange((await db.KeyTimeToLiveAsync(viaHttp))!.Value, TimeSpan.FromSeconds(85), TimeSpan.FromSeconds(90));

        // An expiry set over RESP ends the entry for HTTP too.
        Assert.True(await db.KeyExpireAsync(viaHttp, TimeSpan.FromMilliseconds(200)));
        await Poll.UntilAsync(async () =>
        {
            using var read = await target.Http.GetAsync($"/cache/{Uri.EscapeDataString(viaHttp)}");
            return read.StatusCode == HttpStatusCode.NotFound;
        }, TimeSpan.FromSeconds(10), "the entry to expire for HTTP");
    }

    [Fact]
    public async Task Counters_are_the_same_decimal_text_both_ways()
    {
        await using var redis = await target.ConnectAsync();
        var db = redis.GetDatabase();
        var key = RespTarget.UniqueKey("counter");
        Assert.Equal(5, await db.StringIncrementAsync(key, 5));
        using (var increment = await target.Http.PostAsync($"/cache/{Uri.EscapeDataString(key)}/increment?by=10", null))
        {
            Assert.Equal(HttpStatusCode.OK, increment.StatusCode);
            Assert.Equal(15, (await increment.Content.ReadFromJsonAsync<Counter>())!.Value);
        }

        Assert.Equal(14, await db.StringDecrementAsync(key));
        Assert.Equal("14", await target.Http.GetStringAsync($"/cache/{Uri.EscapeDataString(key)}"));

        await db.StringSetAsync(key, "not a number");
        using var refused = await target.Http.PostAsync($"/cache/{Uri.EscapeDataString(key)}/increment", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    private sealed record Counter(long Value, long Version);
}

[Collection(EmbeddedApiCollection.Name)]
public sealed class EmbeddedCrossProtocolTests(EmbeddedApi api) : CrossProtocolTests(api);

[Collection(ClusterApiCollection.Name)]
public sealed class ClusterCrossProtocolTests(ClusterApi api) : CrossProtocolTests(api);

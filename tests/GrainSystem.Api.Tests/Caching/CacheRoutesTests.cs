using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Tests.Http;
using GrainSystem.Client.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Api.Tests.Caching;

public sealed class CacheRoutesTests(CacheApiFactory factory) : IClassFixture<CacheApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private static string Key(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static ByteArrayContent Body(byte[] bytes, string contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    [Fact]
    public async Task Binary_value_round_trips_with_its_content_type_and_etag()
    {
        var key = Key("bin");
        var bytes = Enumerable.Range(0, 512).Select(i => (byte)(i * 7)).ToArray();

        var created = await _http.PutAsync($"/cache/{key}", Body(bytes, "application/x-custom"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var etag = created.Headers.ETag!.Tag;

        var read = await _http.GetAsync($"/cache/{key}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(bytes, await read.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/x-custom", read.Content.Headers.ContentType!.MediaType);
        Assert.Equal(etag, read.Headers.ETag!.Tag);
        Assert.Null(read.Content.Headers.Expires);

        var replaced = await _http.PutAsync($"/cache/{key}", Body([1]));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.NotEqual(etag, replaced.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Read_with_a_matching_If_None_Match_is_304_and_HEAD_has_headers_only()
    {
        var key = Key("etag");
        var put = await _http.PutAsync($"/cache/{key}?ttl=600", Body("hello"u8.ToArray(), "text/plain"));
        var etag = put.Headers.ETag!;

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/cache/{key}");
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await _http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var head = new HttpRequestMessage(HttpMethod.Head, $"/cache/{key}");
        var headers = await _http.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, headers.StatusCode);
        Assert.Equal(etag, headers.Headers.ETag);
        Assert.Equal(5, headers.Content.Headers.ContentLength);
        Assert.Equal("text/plain", headers.Content.Headers.ContentType!.MediaType);
        var expires = headers.Content.Headers.Expires;
        Assert.NotNull(expires);
        Assert.InRange(expires.Value, DateTimeOffset.UtcNow.AddSeconds(500), DateTimeOffset.UtcNow.AddSeconds(700));
        Assert.Empty(await headers.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Conditional_writes_answer_412_when_the_condition_fails_and_change_nothing()
    {
        var key = Key("cond");
        var first = await _http.PutAsync($"/cache/{key}", Body([1]));
        var etag = first.Headers.ETag!;

        using var absent = new HttpRequestMessage(HttpMethod.Put, $"/cache/{key}") { Content = Body([2]) };
        absent.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        await ProblemDetailsAssert.IsProblemAsync(await _http.SendAsync(absent), HttpStatusCode.PreconditionFailed);

        using var matching = new HttpRequestMessage(HttpMethod.Put, $"/cache/{key}") { Content = Body([3]) };
        matching.Headers.IfMatch.Add(etag);
        var cas = await _http.SendAsync(matching);
        Assert.Equal(HttpStatusCode.OK, cas.StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/cache/{key}") { Content = Body([4]) };
        stale.Headers.IfMatch.Add(etag);
        await ProblemDetailsAssert.IsProblemAsync(await _http.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        Assert.Equal([3], await _http.GetByteArrayAsync($"/cache/{key}"));
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field_and_too_large_is_413()
    {
        var key = Key("bad");
        await ProblemDetailsAssert.IsProblemAsync(await _http.PutAsync($"/cache/{key}?ttl=-1", Body([1])), HttpStatusCode.BadRequest, "ttl");
        await ProblemDetailsAssert.IsProblemAsync(await _http.PutAsync($"/cache/{key}?ttl=abc", Body([1])), HttpStatusCode.BadRequest, "ttl");
        await ProblemDetailsAssert.IsProblemAsync(await _http.PutAsync($"/cache/{key}?sliding=9999999999", Body([1])), HttpStatusCode.BadRequest, "sliding");
        await ProblemDetailsAssert.IsProblemAsync(await _http.PutAsync($"/cache/{new string('k', 513)}", Body([1])), HttpStatusCode.BadRequest, "key");
        await ProblemDetailsAssert.IsProblemAsync(await _http.GetAsync($"/cache/{key}?fill=0"), HttpStatusCode.BadRequest, "fill");
        await ProblemDetailsAssert.IsProblemAsync(await _http.PostAsync($"/cache/{key}/increment?by=x", null), HttpStatusCode.BadRequest, "by");

        using var badEtag = new HttpRequestMessage(HttpMethod.Put, $"/cache/{key}") { Content = Body([1]) };
        badEtag.Headers.TryAddWithoutValidation("If-Match", "not-an-etag");
        await ProblemDetailsAssert.IsProblemAsync(await _http.SendAsync(badEtag), HttpStatusCode.BadRequest, "If-Match");

        var tooLarge = await _http.PutAsync($"/cache/{key}", Body(new byte[CacheApiFactory.MaxValueBytes + 1]));
        await ProblemDetailsAssert.IsProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        var justFits = await _http.PutAsync($"/cache/{key}", Body(new byte[CacheApiFactory.MaxValueBytes]));
        Assert.Equal(HttpStatusCode.Created, justFits.StatusCode);

        // Nothing of the refused writes was stored.
        Assert.Equal(CacheApiFactory.MaxValueBytes, (await _http.GetByteArrayAsync($"/cache/{key}")).Length);
    }

    [Fact]
    public async Task Delete_answers_204_then_404_and_412_for_a_stale_If_Match()
    {
        var key = Key("del");
        var put = await _http.PutAsync($"/cache/{key}", Body([1]));
        await _http.PutAsync($"/cache/{key}", Body([2]));

        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"/cache/{key}");
        stale.Headers.IfMatch.Add(put.Headers.ETag!);
        await ProblemDetailsAssert.IsProblemAsync(await _http.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/cache/{key}")).StatusCode);
        await ProblemDetailsAssert.IsProblemAsync(await _http.DeleteAsync($"/cache/{key}"), HttpStatusCode.NotFound);
        await ProblemDetailsAssert.IsProblemAsync(await _http.GetAsync($"/cache/{key}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Increment_creates_at_zero_counts_and_refuses_a_non_integer_with_409()
    {
        var key = Key("count");
        var first = await _http.PostAsync($"/cache/{key}/increment?by=5", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(5, body.GetProperty("value").GetInt64());
        Assert.True(body.GetProperty("version").GetInt64() > 0);

        var second = await (await _http.PostAsync($"/cache/{key}/increment?by=-7", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(-2, second.GetProperty("value").GetInt64());
        Assert.Equal("-2", await _http.GetStringAsync($"/cache/{key}"));

        await _http.PutAsync($"/cache/{key}", Body("12.5"u8.ToArray(), "text/plain"));
        await ProblemDetailsAssert.IsProblemAsync(await _http.PostAsync($"/cache/{key}/increment", null), HttpStatusCode.Conflict);
        await _http.PutAsync($"/cache/{key}", Body("9223372036854775807"u8.ToArray(), "text/plain"));
        await ProblemDetailsAssert.IsProblemAsync(await _http.PostAsync($"/cache/{key}/increment", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Fill_lease_gives_the_first_reader_a_token_and_the_waiters_the_filled_value()
    {
        var key = Key("fill");
        var first = await _http.GetAsync($"/cache/{key}?fill=30");
        await ProblemDetailsAssert.IsProblemAsync(first, HttpStatusCode.NotFound);
        var token = first.Headers.GetValues("Fill-Token").Single();

        var waiters = Enumerable.Range(0, 5).Select(_ => _http.GetAsync($"/cache/{key}?fill=30")).ToList();
        var partition = factory.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<ICacheGrain>(factory.Services.GetRequiredService<ICacheClient>().Partitioner.PartitionOf(key));
        await Poll.UntilAsync(async () => (await partition.GetStats()).FillWaiters == 5, TimeSpan.FromSeconds(20),
            "all five readers to wait for the fill");
        Assert.DoesNotContain(waiters, w => w.IsCompleted);

        using var fill = new HttpRequestMessage(HttpMethod.Put, $"/cache/{key}") { Content = Body("filled"u8.ToArray(), "text/plain") };
        fill.Headers.Add("Fill-Token", token);
        Assert.Equal(HttpStatusCode.Created, (await _http.SendAsync(fill)).StatusCode);

        foreach (var waiter in await Task.WhenAll(waiters))
        {
            Assert.Equal(HttpStatusCode.OK, waiter.StatusCode);
            Assert.False(waiter.Headers.Contains("Fill-Token"));
            Assert.Equal("filled", await waiter.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_put_with_a_fill_token_that_is_not_the_live_lease_is_412()
    {
        var key = Key("stale-token");
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/cache/{key}") { Content = Body("late"u8.ToArray(), "text/plain") };
        stale.Headers.Add("Fill-Token", "0123456789abcdef0123456789abcdef");
        await ProblemDetailsAssert.IsProblemAsync(await _http.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/cache/{key}")).StatusCode);
    }

    [Fact]
    public async Task Unsupported_method_on_a_cache_key_is_405()
    {
        var response = await _http.PatchAsync($"/cache/{Key("m")}", Body([1]));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Every_bound_the_cache_enforces_is_checked_at_the_edge_with_a_problem_naming_the_field()
    {
        var key = Key("bounds");
        foreach (var (query, field) in new[] { ("sliding=0.0005", "sliding"), ("ttl=0.0005", "ttl"), ("sliding=NaN", "sliding"), ("ttl=Infinity", "ttl") })
        {
            await ProblemDetailsAssert.IsProblemAsync(await _http.PutAsync($"/cache/{key}?{query}", Body([1])), HttpStatusCode.BadRequest, field);
        }

        await ProblemDetailsAssert.IsProblemAsync(await _http.GetAsync($"/cache/{key}?fill=0.0005"), HttpStatusCode.BadRequest, "fill");
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/cache/{key}")).StatusCode);

        // The smallest window the cache keeps is accepted.
        Assert.Equal(HttpStatusCode.Created, (await _http.PutAsync($"/cache/{key}?sliding=0.001&ttl=0.001", Body([1]))).StatusCode);
    }

    [Fact]
    public async Task An_increment_retried_with_its_Idempotency_Key_answers_the_first_outcome_and_counts_once()
    {
        var key = Key("idempotent");
        var first = await IncrementAsync(key, 5, "attempt-1");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var retry = await IncrementAsync(key, 5, "attempt-1");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal("5", await _http.GetStringAsync($"/cache/{key}"));

        // Another idempotency key is another increment; the same one on another cache key is another request too.
        Assert.Equal(10, (await (await IncrementAsync(key, 5, "attempt-2")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetInt64());
        Assert.Equal(5, (await (await IncrementAsync(Key("other"), 5, "attempt-1")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetInt64());

        // The same idempotency key with another request is refused, naming the header, and changes nothing.
        await ProblemDetailsAssert.IsProblemAsync(await IncrementAsync(key, 6, "attempt-1"), HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        foreach (var malformed in new[] { "caf\u00e9", new string('k', 256), "two words" })
        {
            await ProblemDetailsAssert.IsProblemAsync(await IncrementAsync(key, 1, malformed), HttpStatusCode.BadRequest, "Idempotency-Key");
        }

        Assert.Equal("10", await _http.GetStringAsync($"/cache/{key}"));
    }

    [Fact]
    public async Task An_increment_refused_with_409_is_answered_again_with_409_on_a_retry_with_its_Idempotency_Key()
    {
        var key = Key("idempotent-409");
        Assert.Equal(HttpStatusCode.Created, (await _http.PutAsync($"/cache/{key}", Body("forty-two"u8.ToArray(), "text/plain"))).StatusCode);
        var first = await IncrementAsync(key, 1, "attempt-1");
        await ProblemDetailsAssert.IsProblemAsync(first, HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.OK, (await _http.PutAsync($"/cache/{key}", Body("5"u8.ToArray(), "text/plain"))).StatusCode);
        await ProblemDetailsAssert.IsProblemAsync(await IncrementAsync(key, 1, "attempt-1"), HttpStatusCode.Conflict);
        Assert.Equal("5", await _http.GetStringAsync($"/cache/{key}"));
    }

    [Fact]
    public async Task An_increment_and_a_delete_sent_with_an_empty_body_are_served_as_without_one()
    {
        var key = Key("empty-body");
        var increment = new HttpRequestMessage(HttpMethod.Post, $"/cache/{key}/increment?by=2") { Content = new ByteArrayContent([]) };
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(increment)).StatusCode);
        Assert.Equal("2", await _http.GetStringAsync($"/cache/{key}"));

        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/cache/{key}") { Content = new ByteArrayContent([]) };
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAsync(delete)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/cache/{key}")).StatusCode);
    }

    private Task<HttpResponseMessage> IncrementAsync(string key, long by, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/cache/{key}/increment?by={by}");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return _http.SendAsync(request);
    }
}

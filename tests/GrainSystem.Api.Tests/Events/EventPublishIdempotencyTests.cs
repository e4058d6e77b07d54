using System.Net;
using System.Text;
using GrainSystem.Api.Tests.Http;

namespace GrainSystem.Api.Tests.Events;

public sealed class EventPublishIdempotencyTests(GrainSystemApiFactory factory) : IClassFixture<GrainSystemApiFactory>
{
    [Fact]
    public async Task A_publish_retried_with_its_Idempotency_Key_answers_the_first_outcome_and_stores_nothing_again()
    {
        var client = factory.CreateClient();
        var topic = $"keyed.{Guid.NewGuid():N}";

        var first = await PublishAsync(client, topic, """{"n":1}""", "key-1");
        var retried = await PublishAsync(client, topic, """{"n":1}""", "key-1");
        var next = await PublishAsync(client, topic, """{"n":2}""", "key-2");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal("""{"id":1}""", await first.Content.ReadAsStringAsync());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retried.Content.ReadAsStringAsync());
        Assert.Equal("""{"id":2}""", await next.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"n":2}""", "application/json")]
    [InlineData("""{"n":1}""", "application/json; charset=utf-16")]
    public async Task The_same_key_with_another_body_or_content_type_is_a_422_naming_the_key_and_stores_nothing(string body, string contentType)
    {
        var client = factory.CreateClient();
        var topic = $"reused.{Guid.NewGuid():N}";
        await PublishAsync(client, topic, """{"n":1}""", "key");

        var reused = await PublishAsync(client, topic, body, "key", contentType);

        await ProblemDetailsAssert.IsProblemAsync(reused, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal("""{"id":2}""", await (await PublishAsync(client, topic, "1", "other")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Keys_are_scoped_per_topic()
    {
        var client = factory.CreateClient();
        var (one, two) = ($"one.{Guid.NewGuid():N}", $"two.{Guid.NewGuid():N}");
        await PublishAsync(client, one, "1", "shared");
        await PublishAsync(client, one, "2", "another");

        Assert.Equal("""{"id":1}""", await (await PublishAsync(client, two, "1", "shared")).Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> PublishAsync(HttpClient client, string topic, string body, string key,
        string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/events/{topic}") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}

using System.Net;
using GrainSystem.Api.Http;

namespace GrainSystem.Api.Tests.Http;

public sealed class ApiKeyTests(SecuredApiFactory factory) : IClassFixture<SecuredApiFactory>
{
    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/dashboard/")]
    [InlineData("/cache/some-key")]
    public async Task Routes_answer_401_problem_without_a_key(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_wrong_key_is_401()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, "wrong");
        var response = await client.GetAsync("/openapi/v1.json");
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_valid_key_opens_the_routes_and_the_dashboard()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, SecuredApiFactory.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_key_in_the_query_sets_a_cookie_for_its_later_requests()
    {
        var client = factory.CreateClient(); // keeps cookies
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/dashboard/?apiKey={SecuredApiFactory.Key}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/version")).StatusCode);
        // The cookie opens the dashboard only, not the rest of the API.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Health_routes_need_no_key()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}

using System.Net;
using GrainSystem.Api.Http;
using Microsoft.AspNetCore.Mvc.Testing;

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
    public async Task Dashboard_key_in_the_query_sets_a_cookie_that_is_not_the_key_and_redirects_without_it()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var first = await client.GetAsync($"/dashboard/?apiKey={SecuredApiFactory.Key}&x=1");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/dashboard/?x=1", first.Headers.Location?.OriginalString);
        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.DoesNotContain(SecuredApiFactory.Key, cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        var browser = factory.CreateClient(); // follows redirects and keeps cookies, as a browser does
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/dashboard/?apiKey={SecuredApiFactory.Key}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/version")).StatusCode);
        // The cookie opens the dashboard only, not the rest of the API.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task A_forged_dashboard_cookie_is_401()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", $"{ApiKeyAuthenticationHandler.CookieName}={SecuredApiFactory.Key}");
        var response = await client.GetAsync("/dashboard/version");
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Health_routes_need_no_key()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}

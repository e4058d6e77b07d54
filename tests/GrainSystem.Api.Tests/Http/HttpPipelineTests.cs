using System.Net;
using System.Text;
using System.Text.Json;
using GrainSystem.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Api.Tests.Http;

public sealed class HttpPipelineTests(GrainSystemApiFactory factory) : IClassFixture<GrainSystemApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Liveness_and_readiness_answer_200_when_the_embedded_silo_runs()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        var response = await _client.GetAsync("/no/such/route");
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Wrong_method_is_a_405_problem()
    {
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IStartupFilter>(new ExtraRoutes())));
        var response = await app.CreateClient().DeleteAsync("/test/echo");
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_that_says_what_failed()
    {
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IStartupFilter>(new ExtraRoutes())));
        var response = await app.CreateClient().PostAsync("/test/echo",
            new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        var problem = await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unhandled_exception_is_a_500_problem_without_a_stack_trace()
    {
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IStartupFilter>(new ExtraRoutes())));
        var response = await app.CreateClient().GetAsync("/test/throw");
        var problem = await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var body = problem.GetRawText();
        Assert.DoesNotContain("secret detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ExtraRoutes", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_unavailability_is_a_503_problem_with_retry_after()
    {
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IStartupFilter>(new ExtraRoutes())));
        var response = await app.CreateClient().GetAsync("/test/unavailable");
        var problem = await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(Problems.UnavailableType, problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_write_whose_grain_call_timed_out_is_an_outcome_unknown_503_and_a_read_a_refused_one()
    {
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IStartupFilter>(new ExtraRoutes())));
        var client = app.CreateClient();

        var write = await client.PostAsync("/test/timeout", null);
        var unknown = await ProblemDetailsAssert.IsProblemAsync(write, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(Problems.OutcomeUnknownType, unknown.GetProperty("type").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), write.Headers.RetryAfter?.Delta);

        var read = await client.GetAsync("/test/timeout");
        var refused = await ProblemDetailsAssert.IsProblemAsync(read, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(Problems.UnavailableType, refused.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_argument_error_escaping_a_grain_is_a_400_problem_naming_the_argument()
    {
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IStartupFilter>(new ExtraRoutes())));
        var response = await app.CreateClient().GetAsync("/test/argument");
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "leaseSeconds");
    }

    [Fact]
    public async Task A_bound_only_a_grain_checks_is_a_400_not_a_500()
    {
        var response = await _client.PutAsync("/cache/pipeline-sliding?sliding=0.0005",
            new StringContent("v", Encoding.UTF8, "text/plain"));
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_is_a_413_problem()
    {
        using var app = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Api:MaxRequestBodyBytes", "2048");
            b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new ExtraRoutes()));
        });
        var body = new StringContent($"{{\"name\":\"{new string('x', 4096)}\"}}", Encoding.UTF8, "application/json");
        var response = await app.CreateClient().PostAsync("/test/echo", body);
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);

        var small = await app.CreateClient().PostAsync("/test/echo", new StringContent("{\"name\":\"x\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_and_scalar_ui_are_served()
    {
        var document = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var json = JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("3.", json.GetProperty("openapi").GetString());

        var scalar = await _client.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Contains("text/html", scalar.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Dashboard_is_served_without_keys_to_local_callers()
    {
        var response = await _client.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Orleans", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Routes that exist only in these tests, to drive the error paths of the pipeline.</summary>
    private sealed class ExtraRoutes : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.UseEndpoints(e =>
            {
                e.MapPost("/test/echo", (EchoRequest request) => TypedResults.Ok(request));
                e.MapGet("/test/throw", string () => throw new InvalidProgramException("secret detail"));
                e.MapGet("/test/unavailable", string () => throw new SiloUnavailableException("gone"));
                e.MapMethods("/test/timeout", ["GET", "POST"], string () => throw new TimeoutException("Response did not arrive on time"));
                e.MapGet("/test/argument", string () => throw new ArgumentOutOfRangeException("leaseSeconds", "is out of range."));
            });
        };
    }

    private sealed record EchoRequest(string Name);
}

using System.Net;
using System.Text.Json;

namespace GrainSystem.Api.Tests.Http;

/// <summary>Asserts that a response is an RFC 7807 problem with the expected status (and wrong field).</summary>
public static class ProblemDetailsAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("title", out _), $"problem without a title: {body}");
        if (field is not null)
        {
            var errors = problem.GetProperty("errors");
            Assert.True(errors.EnumerateObject().Any(e => string.Equals(e.Name, field, StringComparison.OrdinalIgnoreCase)),
                $"expected an error for '{field}' in {body}");
        }

        return problem;
    }
}

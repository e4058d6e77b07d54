using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GrainSystem.Api.Http;

/// <summary>The one place that builds RFC 7807 problem details; handlers never build them by hand.</summary>
public static class Problems
{
    /// <summary>503 problem <c>type</c>: the request was refused and nothing changed; retrying is safe.</summary>
    public const string UnavailableType = "urn:grainsystem:problem:unavailable";

    /// <summary>
    /// 503 problem <c>type</c>: a write was sent and may have landed (its storage or grain call timed out, or its
    /// silo died, after it was sent); retrying with the same <c>Idempotency-Key</c> is safe.
    /// </summary>
    public const string OutcomeUnknownType = "urn:grainsystem:problem:outcome-unknown";

    /// <summary>The <c>Retry-After</c> of a 503 unless the caller knows better.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>400 with <c>errors</c> naming each wrong field.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(ValidationDetails(errors, detail));

    /// <summary>400 for a single wrong field.</summary>
    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The body of a 400 naming each wrong field, for middleware and the exception handler.</summary>
    public static HttpValidationProblemDetails ValidationDetails(IDictionary<string, string[]> errors, string? detail = null) =>
        new(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are not valid.",
            Detail = detail ?? string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))),
        };

    /// <summary>Any other expected failure (404, 409, 412, 413 …), with optional extension members.</summary>
    public static ProblemHttpResult Status(int status, string title, string detail,
        IEnumerable<KeyValuePair<string, object?>>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (key, value) in extensions ?? [])
        {
            problem.Extensions[key] = value;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>503 "refused, nothing changed, retry" with <c>Retry-After</c>.</summary>
    public static ProblemHttpResult Unavailable(HttpResponse response, string detail, TimeSpan? retryAfter = null) =>
        TypedResults.Problem(ServiceUnavailable(response, Unavailability.Refused, detail, retryAfter));

    /// <summary>503 "the write may have landed; retry with the same Idempotency-Key" with <c>Retry-After</c>.</summary>
    public static ProblemHttpResult OutcomeUnknown(HttpResponse response, string detail, TimeSpan? retryAfter = null) =>
        TypedResults.Problem(ServiceUnavailable(response, Unavailability.OutcomeUnknown, detail, retryAfter));

    /// <summary>
    /// The body of a 503 of either kind; sets <c>Retry-After</c> (whole seconds, at least 1) on <paramref name="response"/>.
    /// </summary>
    public static ProblemDetails ServiceUnavailable(HttpResponse response, Unavailability kind, string detail, TimeSpan? retryAfter = null)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? DefaultRetryAfter).TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return kind == Unavailability.Refused
            ? new ProblemDetails
            {
                Type = UnavailableType,
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable.",
                Detail = detail,
            }
            : new ProblemDetails
            {
                Type = OutcomeUnknownType,
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Outcome unknown.",
                Detail = detail,
            };
    }

    /// <summary>Writes a problem response from middleware, where there is no endpoint result to return.</summary>
    public static Task Write(HttpContext context, int status, string title, string detail) =>
        Write(context, new ProblemDetails { Status = status, Title = title, Detail = detail });

    /// <summary>Writes <paramref name="problem"/> from middleware, with its status as the response's.</summary>
    public static async Task Write(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}

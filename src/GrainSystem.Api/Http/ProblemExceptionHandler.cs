using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GrainSystem.Api.Http;

/// <summary>
/// Turns exceptions into problem details: bad requests keep their 4xx status, an argument error escaping a grain is
/// a 400, an unreachable cluster or Redis becomes a 503 saying whether the request was refused or may have landed
/// (<see cref="FailureClassifier"/>), anything else falls through to a 500 that leaks nothing.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException { Path: { Length: > 2 } path } json }:
                // A body field of the wrong type: name the field (the JSON path without its "$."), not the parameter.
                problem = Problems.ValidationDetails(new Dictionary<string, string[]> { [path[2..]] = [json.Message] });
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large." : "Malformed request.",
                    Detail = bad.Message,
                };
                break;
            case var _ when FailureClassifier.IsArgumentError(exception, out var field, out var message):
                LogArgumentError(logger, context.Request.Path, field, message);
                problem = Problems.ValidationDetails(new Dictionary<string, string[]> { [field] = [message] });
                break;
            case var _ when FailureClassifier.Classify(exception, FailureClassifier.IsWrite(context.Request.Method)) is { } kind:
                LogUnavailable(logger, exception.GetType().Name, context.Request.Path, kind, exception.Message);
                problem = Problems.ServiceUnavailable(context.Response, kind, kind == Unavailability.Refused
                    ? "The cluster or its storage could not be reached in time; nothing changed. Retry shortly."
                    : "The request was sent but its answer did not come in time: it may or may not have taken effect. "
                      + "Retrying with the same Idempotency-Key is safe.");
                break;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                // The client went away: nobody reads a response.
                return true;
            default:
                // Logged by the exception handler middleware; the default 500 problem carries no details.
                return false;
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{ExceptionType} on {Path}: answering 503 {Kind} ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, PathString path, Unavailability kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An argument error escaped to the edge on {Path}: answering 400 for {Field} ({Reason})")]
    private static partial void LogArgumentError(ILogger logger, PathString path, string field, string reason);
}

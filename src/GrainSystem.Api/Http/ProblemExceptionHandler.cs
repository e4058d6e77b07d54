using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime.Messaging;
using StackExchange.Redis;

namespace GrainSystem.Api.Http;

/// <summary>
/// Turns exceptions into problem details: bad requests keep their 4xx status, an unreachable cluster or
/// Redis becomes 503 with <c>Retry-After</c>, anything else falls through to a 500 that leaks nothing.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException bad:
                problem = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large." : "Malformed request.",
                    Detail = bad.Message,
                };
                break;
            case var _ when IsUnavailable(exception):
                LogUnavailable(logger, exception.GetType().Name, context.Request.Path, exception.Message);
                context.Response.Headers.RetryAfter = "1";
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Service unavailable.",
                    Detail = "The cluster or its storage could not be reached in time; retry shortly.",
                };
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

    /// <summary>Failures that mean "try again later", not "this request is wrong".</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
                or GatewayTooBusyException or ClientNotAvailableException or TimeoutException
                or RedisConnectionException or RedisTimeoutException or Orleans.Persistence.Redis.RedisStorageException
                // A duplicate activation lost a storage race during a failover: the next call reaches the survivor.
                or Orleans.Storage.InconsistentStateException)
            {
                return true;
            }

            // An exception type the client cannot rebuild (a Redis failure inside a silo, say) arrives as this.
            if (e is Orleans.Serialization.UnavailableExceptionFallbackException fallback
                && UnavailableTypeNames.Any(name => fallback.ExceptionType?.Contains(name, StringComparison.Ordinal) == true))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] UnavailableTypeNames =
        ["RedisConnectionException", "RedisTimeoutException", "RedisStorageException", "SiloUnavailableException",
         "TimeoutException", "InconsistentStateException"];

    [LoggerMessage(Level = LogLevel.Warning, Message = "{ExceptionType} on {Path}: answering 503 ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, PathString path, string reason);
}

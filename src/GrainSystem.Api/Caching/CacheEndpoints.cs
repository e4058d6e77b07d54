using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Http;
using GrainSystem.Client.Caching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Caching;

/// <summary>HTTP routes of the Caching feature.</summary>
public static class CacheEndpoints
{
    public static IEndpointRouteBuilder MapCacheEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/cache").WithTags("Cache");
        group.MapPut("/{key}", Put).Accepts<byte[]>("application/octet-stream", "*/*");
        group.MapMethods("/{key}", [HttpMethods.Get, HttpMethods.Head], Get);
        group.MapDelete("/{key}", Delete);
        group.MapPost("/{key}/increment", Increment);
        return app;
    }

    private static async Task<Results<Created, Ok, ProblemHttpResult>> Put(string key, HttpRequest request, HttpResponse response,
        ICacheClient cache, IOptions<CacheOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        CacheHttp.CheckKey(key, errors);
        var ttl = CacheHttp.Seconds(request, "ttl", errors);
        var sliding = CacheHttp.Seconds(request, "sliding", errors);
        var ifMatch = CacheHttp.IfMatch(request, errors);
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        errors.Check(ifNoneMatch is "" or "*", "If-None-Match", "A write accepts only If-None-Match: * (store only if absent).");
        errors.Check(ifMatch is null || ifNoneMatch == "", "If-None-Match", "If-Match and If-None-Match exclude each other.");
        var contentType = request.ContentType ?? "application/octet-stream";
        errors.Check(contentType.Length <= CacheHttp.MaxContentTypeLength, "Content-Type", CacheHttp.ContentTypeRule);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var max = options.Value.MaxValueBytes;
        var value = await CacheHttp.ReadBodyAsync(request, max, cancellationToken);
        if (value is null)
        {
            return CacheHttp.TooLarge(max);
        }

        var result = await cache.SetAsync(key, new CacheSetRequest
        {
            Value = value,
            ContentType = contentType,
            Expiration = new CacheExpiration
            {
                AbsoluteExpiration = ttl is { } t ? DateTimeOffset.UtcNow + t : null,
                SlidingExpiration = sliding,
            },
            Condition = ifMatch is not null ? CacheWriteCondition.IfVersion : ifNoneMatch == "*" ? CacheWriteCondition.IfAbsent : CacheWriteCondition.None,
            ExpectedVersion = ifMatch ?? 0,
            FillToken = CacheHttp.FillToken(request),
        });
        switch (result.Status)
        {
            case CacheWriteStatus.Created:
                CacheHttp.WriteEntryHeaders(response, result.Version, result.ExpiresAt);
                return TypedResults.Created($"/cache/{Uri.EscapeDataString(key)}");
            case CacheWriteStatus.Replaced:
                CacheHttp.WriteEntryHeaders(response, result.Version, result.ExpiresAt);
                return TypedResults.Ok();
            case CacheWriteStatus.PreconditionFailed:
                return CacheHttp.PreconditionFailed(result.Version);
            case CacheWriteStatus.OutcomeUnknown:
                return CacheHttp.OutcomeUnknown(response);
            default:
                return CacheHttp.Unavailable(response);
        }
    }

    private static async Task<Results<CacheValueResult, EmptyHttpResult, StatusCodeHttpResult, ProblemHttpResult>> Get(
        string key, HttpRequest request, HttpResponse response, ICacheClient cache, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        CacheHttp.CheckKey(key, errors);
        var fill = CacheHttp.Seconds(request, "fill", errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var read = fill is { } lease
            ? await cache.GetOrLeaseAsync(key, lease, CacheHttp.MaxFillWait, cancellationToken)
            : await cache.GetAsync(key);
        switch (read.Status)
        {
            case CacheReadStatus.Hit:
                CacheHttp.WriteEntryHeaders(response, read.Version, read.ExpiresAt);
                if (CacheHttp.NoneMatch(request, read.Version))
                {
                    return TypedResults.StatusCode(StatusCodes.Status304NotModified);
                }

                if (HttpMethods.IsHead(request.Method))
                {
                    response.ContentType = read.ContentType;
                    response.ContentLength = read.Value!.Length;
                    return TypedResults.Empty;
                }

                return new CacheValueResult(read.Value!, read.ContentType ?? "application/octet-stream");
            case CacheReadStatus.FillLeaseGranted:
                response.Headers[CacheHttp.FillTokenHeader] = read.FillToken;
                return Problems.Status(StatusCodes.Status404NotFound, "Not found; fill it.",
                    $"No cache entry for key '{key}'. You hold its fill lease: PUT the value with the {CacheHttp.FillTokenHeader} header.");
            case CacheReadStatus.Miss:
                return CacheHttp.NotFound(key);
            case CacheReadStatus.FillPending:
                return CacheHttp.FillPending(response);
            default:
                return CacheHttp.Unavailable(response);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string key, HttpRequest request, HttpResponse response,
        ICacheClient cache)
    {
        var errors = new ValidationErrors();
        CacheHttp.CheckKey(key, errors);
        var ifMatch = CacheHttp.IfMatch(request, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await cache.DeleteAsync(key, ifMatch);
        return result.Status switch
        {
            CacheDeleteStatus.Deleted => TypedResults.NoContent(),
            CacheDeleteStatus.NotFound => CacheHttp.NotFound(key),
            CacheDeleteStatus.PreconditionFailed => CacheHttp.PreconditionFailed(result.Version),
            CacheDeleteStatus.OutcomeUnknown => CacheHttp.OutcomeUnknown(response),
            _ => CacheHttp.Unavailable(response),
        };
    }

    private static async Task<Results<Ok<CacheIncrementResponse>, ProblemHttpResult>> Increment(string key, HttpRequest request,
        HttpResponse response, ICacheClient cache)
    {
        var errors = new ValidationErrors();
        CacheHttp.CheckKey(key, errors);
        var by = 1L;
        var raw = request.Query["by"];
        errors.Check(raw.Count == 0 || (raw.Count == 1 && long.TryParse(raw[0], System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out by)), "by", "'by' is a signed 64-bit integer.");
        var idempotencyKey = IdempotencyKey.Read(request.HttpContext, errors)?.Scoped;
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = idempotencyKey is null ? await cache.IncrementAsync(key, by) : await cache.IncrementOnceAsync(key, by, idempotencyKey);
        switch (result.Status)
        {
            case CacheIncrementStatus.Incremented:
                response.Headers.ETag = CacheHttp.ETagOf(result.Version);
                return TypedResults.Ok(new CacheIncrementResponse(result.Value, result.Version));
            case CacheIncrementStatus.NotAnInteger:
                return Problems.Status(StatusCodes.Status409Conflict, "Not an integer.",
                    $"The value of '{key}' is not a decimal 64-bit integer, so it cannot be incremented.");
            case CacheIncrementStatus.Overflow:
                return Problems.Status(StatusCodes.Status409Conflict, "Counter overflow.",
                    $"Adding {by} to '{key}' would overflow a signed 64-bit integer; nothing changed.");
            case CacheIncrementStatus.OutcomeUnknown:
                return CacheHttp.OutcomeUnknown(response);
            case CacheIncrementStatus.IdempotencyKeyReused:
                return IdempotencyKey.Reused();
            default:
                return CacheHttp.Unavailable(response);
        }
    }
}

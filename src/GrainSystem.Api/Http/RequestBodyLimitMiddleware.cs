using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Http;

/// <summary>
/// Refuses a declared body over <see cref="ApiOptions.MaxRequestBodyBytes"/> before anything reads it, with a
/// 413 problem; a chunked body that grows past the limit fails on read (Kestrel's own limit), also as a 413 problem.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<ApiOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    public Task InvokeAsync(HttpContext context)
    {
        var limit = _limit;
        if (context.Request.ContentLength > limit)
        {
            return Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "Request body too large.",
                $"The request body is {context.Request.ContentLength} bytes; at most {limit} are accepted (Api:MaxRequestBodyBytes).");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}

using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Http;

/// <summary>
/// Refuses a declared body over <see cref="ApiOptions.MaxRequestBodyBytes"/> before anything reads it, with a
/// 413 problem; a chunked body that grows past the limit fails on read (Kestrel's own limit), also as a 413 problem.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<ApiOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "Request body too large.",
                $"The request body is {context.Request.ContentLength} bytes; at most {limit} are accepted (Api:MaxRequestBodyBytes).");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    }
}

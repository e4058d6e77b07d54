using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace GrainSystem.Api.Caching;

/// <summary>
/// 200 with a cache value as the body: its content type and length, then its bytes in one write. A value has no ranges, dates or
/// file name, so nothing of a file result's machinery (preconditions, ranges, its logger) runs per read.
/// </summary>
internal sealed class CacheValueResult(byte[] value, string contentType) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult,
    IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => contentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = value.Length;
        var write = response.BodyWriter.WriteAsync(value, httpContext.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(byte[]), ["application/octet-stream"]));
}

using System.Buffers;
using System.Globalization;
using System.Text;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace GrainSystem.Api.Caching;

/// <summary>Parsing and answering the cache's HTTP details: keys, seconds, ETags, bodies, headers.</summary>
internal static class CacheHttp
{
    public const string FillTokenHeader = "Fill-Token";
    public const int MaxContentTypeLength = 256;

    public static readonly string ContentTypeRule = $"A content type has at most {MaxContentTypeLength} characters.";

    /// <summary>How long a <c>?fill=</c> read waits for another caller's fill before answering 503 with Retry-After.</summary>
    public static readonly TimeSpan MaxFillWait = TimeSpan.FromSeconds(10);

    public static string ETagOf(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    private static readonly string KeyRule = $"A key has 1 to {CacheOptions.MaxKeyBytes} UTF-8 bytes.";

    public static void CheckKey(string key, ValidationErrors errors) =>
        errors.Check(key.Length > 0 && Encoding.UTF8.GetByteCount(key) <= CacheOptions.MaxKeyBytes, "key", KeyRule);

    /// <summary>
    /// A number of seconds from 1 ms to 30 days, the bounds the cache keeps windows and leases in (whole milliseconds, so a
    /// shorter one would mean none); null when the parameter is absent.
    /// </summary>
    private const double MinSeconds = 0.001;

    public static TimeSpan? Seconds(HttpRequest request, string name, ValidationErrors errors)
    {
        if (!request.QueryString.HasValue)
        {
            // Most requests carry no query: no query collection is parsed for them.
            return null;
        }

        var raw = request.Query[name];
        if (StringValues.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (raw.Count == 1 && double.TryParse(raw[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= MinSeconds && seconds <= CacheOptions.MaxTimeToLive.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        errors.Add(name, $"'{name}' is a number of seconds of at least 0.001 (1 ms) and at most {CacheOptions.MaxTimeToLive.TotalSeconds:0} (30 days).");
        return null;
    }

    /// <summary>The version in an <c>If-Match</c> header (<c>"v"</c>); null when absent.</summary>
    public static long? IfMatch(HttpRequest request, ValidationErrors errors)
    {
        var raw = request.Headers.IfMatch;
        if (StringValues.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (raw.Count == 1 && TryParseETag(raw[0]!.Trim(), out var version))
        {
            return version;
        }

        errors.Add("If-Match", "If-Match carries one entity tag, the entry's version in quotes (\"42\").");
        return null;
    }

    /// <summary>Whether <c>If-None-Match</c> of a read matches <paramref name="version"/> (a listed tag or <c>*</c>).</summary>
    public static bool NoneMatch(HttpRequest request, long version)
    {
        foreach (var header in request.Headers.IfNoneMatch)
        {
            foreach (var tag in header!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (tag == "*" || (TryParseETag(tag, out var v) && v == version))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool TryParseETag(string tag, out long version)
    {
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }

        version = 0;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    /// <summary>
    /// The request body as one array of exactly its length, or null when it exceeds <paramref name="max"/> bytes (read no further
    /// than that). A declared length is read straight into the array the cache stores from; a chunked body is gathered in pooled
    /// buffers and copied once.
    /// </summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > max)
            {
                return null;
            }

            // The server ends the body at the declared length (a shorter one fails the read), so there is nothing to probe for.
            var value = declared == 0 ? [] : new byte[declared];
            await request.Body.ReadExactlyAsync(value, cancellationToken);
            return value;
        }

        return await ReadUndeclaredAsync(request.Body, max, cancellationToken);
    }

    private static async Task<byte[]?> ReadUndeclaredAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        // One byte past the limit tells a body that is too large from one that is exactly at it.
        var limit = max + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 16 * 1024));
        try
        {
            var read = 0;
            while (true)
            {
                var window = Math.Min(buffer.Length, limit);
                if (read == window)
                {
                    if (read == limit)
                    {
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, buffer.Length * 2L));
                    buffer.AsSpan(0, read).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    window = Math.Min(buffer.Length, limit);
                }

                var n = await body.ReadAsync(buffer.AsMemory(read, window - read), cancellationToken);
                if (n == 0)
                {
                    return buffer.AsSpan(0, read).ToArray();
                }

                read += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The <c>Fill-Token</c> header of a write, or null without one.</summary>
    public static string? FillToken(HttpRequest request) =>
        request.Headers.TryGetValue(FillTokenHeader, out var values) && values.Count > 0 ? values[0] : null;

    public static void WriteEntryHeaders(HttpResponse response, long version, DateTimeOffset? expiresAt)
    {
        response.Headers.ETag = ETagOf(version);
        if (expiresAt is { } at)
        {
            response.Headers.Expires = at.ToString("R", CultureInfo.InvariantCulture);
        }
    }

    public static ProblemHttpResult TooLarge(int max) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Value too large.", $"A cache value has at most {max} bytes (Cache:MaxValueBytes).");

    public static ProblemHttpResult FillPending(HttpResponse response)
    {
        response.Headers.RetryAfter = "1";
        return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Fill in progress.",
            $"Another caller is still filling this key after {MaxFillWait.TotalSeconds:0} s of waiting. Retry shortly.");
    }

    /// <summary>503: refused, nothing changed; retry after a second.</summary>
    public static ProblemHttpResult Unavailable(HttpResponse response) => Problems.Unavailable(response,
        "The cache could not reach its storage, or the key's partition is changing owner; nothing changed. Retry shortly.");

    /// <summary>503: the write was sent to storage and may have landed; read the key (or retry an increment with its Idempotency-Key).</summary>
    public static ProblemHttpResult OutcomeUnknown(HttpResponse response) => Problems.OutcomeUnknown(response,
        "The write reached the cache's storage, which did not confirm it in time: it may or may not have been applied. " +
        "Read the key before writing again; an increment retried with the same Idempotency-Key is applied at most once.");

    public static ProblemHttpResult PreconditionFailed(long current) =>
        Problems.Status(StatusCodes.Status412PreconditionFailed, "Precondition failed.",
            current == 0 ? "The entry does not match the condition: it is absent." : $"The entry does not match the condition: it is at version {current}.",
            [new("currentVersion", current == 0 ? null : current)]);

    public static ProblemHttpResult NotFound(string key) =>
        Problems.Status(StatusCodes.Status404NotFound, "Not found.", $"No cache entry for key '{key}'.");
}

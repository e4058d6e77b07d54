using System.Globalization;
using System.Security.Cryptography;
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

    /// <summary>How long a <c>?fill=</c> read waits for another caller's fill before answering 503 with Retry-After.</summary>
    public static readonly TimeSpan MaxFillWait = TimeSpan.FromSeconds(10);

    public static string ETagOf(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void CheckKey(string key, ValidationErrors errors) =>
        errors.Check(key.Length > 0 && Encoding.UTF8.GetByteCount(key) <= CacheOptions.MaxKeyBytes,
            "key", $"A key has 1 to {CacheOptions.MaxKeyBytes} UTF-8 bytes.");

    /// <summary>
    /// A number of seconds from 1 ms to 30 days, the bounds the cache keeps windows and leases in (whole milliseconds, so a
    /// shorter one would mean none); null when the parameter is absent.
    /// </summary>
    private const double MinSeconds = 0.001;

    public static TimeSpan? Seconds(HttpRequest request, string name, ValidationErrors errors)
    {
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

    /// <summary>The request body, or null when it exceeds <paramref name="max"/> bytes (read no further than that).</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            return null;
        }

        var buffer = new byte[request.ContentLength is { } length ? (int)length : Math.Min(max + 1, 64 * 1024)];
        var read = 0;
        while (true)
        {
            if (read == buffer.Length)
            {
                if (read > max)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)max + 1, buffer.Length * 2L));
            }

            var n = await request.Body.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read > max)
        {
            return null;
        }

        return read == buffer.Length ? buffer : buffer[..read];
    }

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

    /// <summary>
    /// The <c>Idempotency-Key</c> header of <paramref name="request"/> scoped to the caller's API key, as the cache stores it
    /// (a hash), or null without the header; a malformed header is recorded in <paramref name="errors"/>.
    /// </summary>
    public static string? IdempotencyKey(HttpRequest request, ValidationErrors errors)
    {
        var values = request.Headers[IdempotencyKeyHeader];
        if (values.Count == 0)
        {
            return null;
        }

        var raw = values.Count == 1 ? values[0] ?? "" : "";
        if (raw.Length is 0 or > CacheOptions.MaxIdempotencyKeyLength || raw.Any(c => c is < '!' or > '~'))
        {
            errors.Add(IdempotencyKeyHeader, $"{IdempotencyKeyHeader} is one value of 1 to {CacheOptions.MaxIdempotencyKeyLength} visible ASCII characters.");
            return null;
        }

        // Keys are scoped per API key: two callers using the same idempotency key never see each other's outcome.
        var caller = request.Headers[ApiKeyAuthenticationHandler.HeaderName].ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"increment\n{caller}\n{raw}")));
    }

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>422 naming <c>Idempotency-Key</c>: it was used for another request on this key; nothing changed.</summary>
    public static ProblemHttpResult IdempotencyKeyReused()
    {
        var problem = Problems.ValidationDetails(new Dictionary<string, string[]>
        {
            [IdempotencyKeyHeader] = [$"This {IdempotencyKeyHeader} was used for a different request on this key; nothing changed. Use a new key for a new request."],
        });
        problem.Status = StatusCodes.Status422UnprocessableEntity;
        problem.Title = "Idempotency-Key reused.";
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult PreconditionFailed(long current) =>
        Problems.Status(StatusCodes.Status412PreconditionFailed, "Precondition failed.",
            current == 0 ? "The entry does not match the condition: it is absent." : $"The entry does not match the condition: it is at version {current}.",
            [new("currentVersion", current == 0 ? null : current)]);

    public static ProblemHttpResult NotFound(string key) =>
        Problems.Status(StatusCodes.Status404NotFound, "Not found.", $"No cache entry for key '{key}'.");
}

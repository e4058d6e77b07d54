using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Http;

/// <summary>
/// The <c>Idempotency-Key</c> of a non-idempotent request, scoped to its resource path and the caller's API key. The
/// feature stores it with the effect (a waiter id, a job id or an event derived from <see cref="Scoped"/>), never in a
/// store written after it, so a retry within <see cref="Retention"/> finds the first outcome wherever it is served.
/// </summary>
/// <param name="Scoped">SHA-256 (hex) of the API key, the request's path and the key: what a feature derives its ids from.</param>
/// <param name="Retention">How long a feature remembers the outcome (<see cref="ApiOptions.IdempotencyRetention"/>).</param>
public sealed record IdempotencyKey(string Scoped, TimeSpan Retention)
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Longest key, in characters.</summary>
    public const int MaxLength = 255;

    /// <summary>A <see cref="Guid"/> derived from the scoped key (a lock's waiter id).</summary>
    public Guid ToGuid() => new(Convert.FromHexString(Scoped.AsSpan(0, 32)));

    /// <summary>32 lowercase hex digits derived from the scoped key (a job id).</summary>
    public string ToId() => Scoped[..32];

    /// <summary>
    /// Reads the header of <paramref name="context"/>'s request: null key and null problem when there is none; a 400 naming
    /// <c>Idempotency-Key</c> unless it is 1 to 255 visible ASCII characters.
    /// </summary>
    public static IdempotencyKey? Read(HttpContext context, out ProblemHttpResult? problem)
    {
        var errors = new ValidationErrors();
        var key = Read(context, errors);
        problem = errors.Any ? errors.ToProblem() : null;
        return key;
    }

    /// <summary>
    /// Reads the header of <paramref name="context"/>'s request: null when there is none; null, and an error naming
    /// <c>Idempotency-Key</c> in <paramref name="errors"/>, unless it is 1 to 255 visible ASCII characters.
    /// </summary>
    public static IdempotencyKey? Read(HttpContext context, ValidationErrors errors)
    {
        if (!context.Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return null;
        }

        var key = values.Count == 1 ? values[0] ?? "" : "";
        if (key.Length is 0 or > MaxLength || !key.All(c => c is > ' ' and <= '~'))
        {
            errors.Add(HeaderName, $"An {HeaderName} is one value of 1 to {MaxLength} visible ASCII characters.");
            return null;
        }

        var apiKey = context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName].ToString();
        var retention = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.IdempotencyRetention;
        return new IdempotencyKey(Hash(apiKey, context.Request.Path.Value ?? "", key), retention);
    }

    /// <summary>A fingerprint of a request's parts (SHA-256, hex): the same request, the same fingerprint.</summary>
    public static string Fingerprint(params string?[] parts) => Hash(parts);

    /// <summary>422 for a key already used with another request: nothing was applied.</summary>
    public static ProblemHttpResult Reused() => Problems.Status(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused.",
        $"This {HeaderName} was used with a different request; nothing was applied. Use a new key for a new request.",
        [new("errors", new Dictionary<string, string[]> { [HeaderName] = ["was used with a different request"] })]);

    private static string Hash(params string?[] parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            // Length-prefixed, so no two lists of parts give one text.
            text.Append(part?.Length ?? -1).Append(':').Append(part).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

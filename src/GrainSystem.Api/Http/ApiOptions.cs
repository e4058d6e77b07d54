using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Api.Http;

/// <summary>HTTP-edge settings (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Accepted <c>X-Api-Key</c> values; none means no authentication.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Largest request body accepted by any route (a job of a million small items fits).</summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// How long a request made under an <c>Idempotency-Key</c> is answered with its first outcome on a retry (lock acquire,
    /// publish — while its event is still retained; a job keeps its key as long as the job itself is kept).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Cache requests the API sends itself over loopback after it starts and before it reports ready, so the first load meets
    /// compiled hot paths; 0 turns the warm-up off. Embedded only: a cluster client warms nothing up.
    /// </summary>
    [Range(0, 100_000)]
    public int WarmUpRequests { get; set; } = 3000;

    public bool AuthenticationEnabled => ApiKeys.Any(k => !string.IsNullOrWhiteSpace(k));
}

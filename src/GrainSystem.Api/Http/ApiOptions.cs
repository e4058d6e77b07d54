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

    public bool AuthenticationEnabled => ApiKeys.Any(k => !string.IsNullOrWhiteSpace(k));
}

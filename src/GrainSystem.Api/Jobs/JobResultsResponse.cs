using System.Text.Json;
using System.Text.Json.Serialization;

namespace GrainSystem.Api.Jobs;

/// <summary>Answer of <c>GET /jobs/{id}/results</c>: <c>results</c> in item order, or <c>result</c> for a reducing operation.</summary>
public sealed record JobResultsResponse
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Results { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Result { get; init; }
}

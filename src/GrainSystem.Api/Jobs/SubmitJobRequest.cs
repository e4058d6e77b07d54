using System.Text.Json;

namespace GrainSystem.Api.Jobs;

/// <summary>Body of <c>POST /jobs</c>.</summary>
/// <param name="Operation">A registered operation (<c>GET /operations</c>).</param>
/// <param name="Args">The operation's arguments (a JSON object; optional).</param>
/// <param name="Items">The items (a JSON array of at most 1,000,000 elements).</param>
/// <param name="ChunkSize">Items per chunk, 1 … 100,000 (default 100).</param>
/// <param name="MaxParallelism">Most chunks in flight at once, 1 … 1,024 (default 8).</param>
/// <param name="MaxAttempts">Attempts per chunk, 1 … 20 (default 3).</param>
public sealed record SubmitJobRequest(
    string? Operation,
    JsonElement? Args,
    JsonElement? Items,
    int? ChunkSize,
    int? MaxParallelism,
    int? MaxAttempts);

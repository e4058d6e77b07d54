namespace GrainSystem.Abstractions.Jobs;

/// <summary>
/// What to run: an operation over items, cut into chunks. Items and arguments travel as UTF-8 JSON text, since
/// Orleans 10 has no codec for <c>System.Text.Json.JsonElement</c>/<c>JsonNode</c>; the text is parsed once where it
/// is used (the job grain cuts the array, a worker parses its chunk).
/// </summary>
/// <param name="Operation">Name of a registered <c>IChunkOperation</c>.</param>
/// <param name="ArgsJson">The operation's arguments: a JSON object as text (<c>{}</c> when none).</param>
/// <param name="ItemsJson">The items: a JSON array as text, at most <see cref="JobLimits.MaxItems"/> elements.</param>
/// <param name="ChunkSize">Items per chunk, <see cref="JobLimits.MinChunkSize"/> … <see cref="JobLimits.MaxChunkSize"/>.</param>
/// <param name="MaxParallelism">Most chunks in flight at once, 1 … <see cref="JobLimits.MaxParallelism"/>.</param>
/// <param name="MaxAttempts">Attempts per chunk before the job fails, 1 … <see cref="JobLimits.MaxAttempts"/>.</param>
/// <param name="RequestHash">
/// For a submission made under an <c>Idempotency-Key</c> (whose job id is then derived from the key): a fingerprint of the
/// request, stored with the spec. Submitting the id again with the same fingerprint answers
/// <see cref="JobSubmitStatus.Accepted"/> with the job as it is (nothing is stored again); with another, or none,
/// <see cref="JobSubmitStatus.AlreadyExists"/>. Null for other submissions.
/// </param>
[GenerateSerializer, Immutable]
public sealed record JobSpec(
    [property: Id(0)] string Operation,
    [property: Id(1)] string ArgsJson,
    [property: Id(2)] string ItemsJson,
    [property: Id(3)] int ChunkSize,
    [property: Id(4)] int MaxParallelism,
    [property: Id(5)] int MaxAttempts,
    [property: Id(6)] string? RequestHash = null);

using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary>
/// A named operation jobs can run: maps a chunk of JSON items to one result per item and, for a reducing operation,
/// folds results into one value. Register with <c>services.AddChunkOperation&lt;T&gt;()</c>. Runs at least once per
/// chunk (a chunk is re-run after a failure or the loss of a silo), so it must not depend on running exactly once.
/// </summary>
public interface IChunkOperation
{
    /// <summary>The name jobs use (<c>"square"</c>); unique among registered operations.</summary>
    string Name { get; }

    /// <summary>One sentence for <c>GET /operations</c>: what it does with an item and its arguments.</summary>
    string Description { get; }

    /// <summary>True when <see cref="Reduce"/> folds results into one value.</summary>
    bool Reduces => false;

    /// <summary>
    /// One result per item, in item order. Throw <see cref="InvalidItemException"/> for an item of the wrong type or
    /// bad arguments (the job fails at once, without retries); any other exception is retried. Observe
    /// <paramref name="cancellationToken"/>: it is cancelled when the job is cancelled or the chunk times out.
    /// </summary>
    ValueTask<IReadOnlyList<JsonNode?>> MapAsync(IReadOnlyList<JsonElement> items, ChunkContext context,
        CancellationToken cancellationToken);

    /// <summary>
    /// Folds values into one: per-item results of a chunk, then the chunks' partial values in chunk order. Must
    /// be associative and accept its own output as input.
    /// </summary>
    JsonNode? Reduce(IReadOnlyList<JsonNode?> values) =>
        throw new NotSupportedException($"Operation '{Name}' does not reduce.");
}

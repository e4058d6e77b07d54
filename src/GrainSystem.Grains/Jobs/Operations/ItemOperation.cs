using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary>Base of operations that map each item on its own, synchronously (the worker runs them off the grain scheduler).</summary>
public abstract class ItemOperation : IChunkOperation
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public virtual bool Reduces => false;

    /// <summary>The result for one item; throw <see cref="InvalidItemException"/> (without an index) for a wrong item.</summary>
    protected abstract JsonNode? Map(JsonElement item, ChunkContext context);

    public ValueTask<IReadOnlyList<JsonNode?>> MapAsync(IReadOnlyList<JsonElement> items, ChunkContext context,
        CancellationToken cancellationToken)
    {
        var results = new JsonNode?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                results[i] = Map(items[i], context);
            }
            catch (InvalidItemException e) when (e.ItemIndex is null)
            {
                throw e.At(context.FirstItem + i);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<JsonNode?>>(results);
    }

    public virtual JsonNode? Reduce(IReadOnlyList<JsonNode?> values) =>
        throw new NotSupportedException($"Operation '{Name}' does not reduce.");
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary><c>sum</c>: the sum of all numbers (a reducing operation).</summary>
public sealed class SumOperation : ItemOperation
{
    public override string Name => "sum";

    public override string Description => "Adds all numbers into one sum (exact for 64-bit integers).";

    public override bool Reduces => true;

    protected override JsonNode? Map(JsonElement item, ChunkContext context) => JsonItems.Number(item);

    public override JsonNode? Reduce(IReadOnlyList<JsonNode?> values) => JsonNumbers.Sum(values);
}

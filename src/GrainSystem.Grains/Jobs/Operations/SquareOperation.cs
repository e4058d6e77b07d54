using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary><c>square</c>: each number squared (integers stay integers until they overflow 64 bits).</summary>
public sealed class SquareOperation : ItemOperation
{
    public override string Name => "square";

    public override string Description => "Squares each number.";

    protected override JsonNode? Map(JsonElement item, ChunkContext context)
    {
        JsonItems.Number(item); // a number, or an InvalidItemException naming what came instead
        if (item.TryGetInt64(out var integer))
        {
            try
            {
                return JsonValue.Create(checked(integer * integer));
            }
            catch (OverflowException)
            {
                return JsonValue.Create((double)integer * integer);
            }
        }

        var value = item.GetDouble();
        return JsonValue.Create(value * value);
    }
}

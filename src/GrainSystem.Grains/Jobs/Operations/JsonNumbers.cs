using System.Text.Json.Nodes;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary>Exact integer sums while they fit in 64 bits, floating point otherwise.</summary>
public static class JsonNumbers
{
    public static JsonNode Sum(IEnumerable<JsonNode?> values)
    {
        long integer = 0;
        double real = 0;
        var exact = true;
        foreach (var node in values)
        {
            if (node is not JsonValue value)
            {
                throw new InvalidItemException($"expected a number to add, got {node?.ToJsonString() ?? "null"}");
            }

            if (exact && value.TryGetValue<long>(out var l))
            {
                try
                {
                    integer = checked(integer + l);
                    continue;
                }
                catch (OverflowException)
                {
                    exact = false;
                    real = integer;
                    real += l;
                    continue;
                }
            }

            if (exact)
            {
                exact = false;
                real = integer;
            }

            real += value.TryGetValue<double>(out var d) ? d
                : throw new InvalidItemException($"expected a number to add, got {value.ToJsonString()}");
        }

        return exact ? JsonValue.Create(integer) : JsonValue.Create(real);
    }
}

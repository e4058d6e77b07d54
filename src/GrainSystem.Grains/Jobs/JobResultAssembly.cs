using System.Text;
using System.Text.Json.Nodes;
using GrainSystem.Grains.Jobs.Operations;

namespace GrainSystem.Grains.Jobs;

/// <summary>Joins chunk results into the job's result: one array in item order, or the reduced value.</summary>
public static class JobResultAssembly
{
    public static string Assemble(IChunkOperation operation, IReadOnlyList<string?> chunkResults)
    {
        if (chunkResults.Any(r => r is null))
        {
            throw new InvalidOperationException("A completed job is missing chunk results.");
        }

        if (operation.Reduces)
        {
            // Partial values of each chunk, folded in chunk order.
            var partials = chunkResults.Select(r => JsonNode.Parse(r!)).ToArray();
            return operation.Reduce(partials)?.ToJsonString() ?? "null";
        }

        // Each chunk result is a JSON array: splice their elements into one array without re-parsing them.
        var text = new StringBuilder(chunkResults.Sum(r => r!.Length) + 2).Append('[');
        var first = true;
        foreach (var result in chunkResults)
        {
            var inner = result!.AsSpan().Trim()[1..^1].Trim();
            if (inner.IsEmpty)
            {
                continue;
            }

            if (!first)
            {
                text.Append(',');
            }

            text.Append(inner);
            first = false;
        }

        return text.Append(']').ToString();
    }
}

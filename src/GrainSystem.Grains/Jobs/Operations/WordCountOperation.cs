using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary><c>wordcount</c>: occurrences of each word over all strings, merged into one map (a reducing operation).</summary>
public sealed class WordCountOperation : ItemOperation
{
    public override string Name => "wordcount";

    public override string Description =>
        "Counts words (letters, digits and apostrophes, lower-cased) over all strings into one {word: count} map.";

    public override bool Reduces => true;

    protected override JsonNode? Map(JsonElement item, ChunkContext context)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var word = new StringBuilder();
        foreach (var c in JsonItems.String(item))
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else
            {
                Add(counts, word);
            }
        }

        Add(counts, word);
        return ToObject(counts);
    }

    public override JsonNode? Reduce(IReadOnlyList<JsonNode?> values)
    {
        var merged = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (value is not JsonObject counts)
            {
                throw new InvalidItemException($"expected a word count map, got {value?.ToJsonString() ?? "null"}");
            }

            foreach (var (word, count) in counts)
            {
                merged[word] = merged.GetValueOrDefault(word) + count!.GetValue<long>();
            }
        }

        return ToObject(merged);
    }

    private static void Add(Dictionary<string, long> counts, StringBuilder word)
    {
        var text = word.ToString().Trim('\'');
        word.Clear();
        if (text.Length > 0)
        {
            counts[text] = counts.GetValueOrDefault(text) + 1;
        }
    }

    private static JsonObject ToObject(Dictionary<string, long> counts)
    {
        var result = new JsonObject();
        foreach (var (word, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            result[word] = count;
        }

        return result;
    }
}

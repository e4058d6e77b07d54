using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary>Reading typed values out of JSON items, with errors that say what was expected and what came.</summary>
public static class JsonItems
{
    /// <summary>The item as a string, or an <see cref="InvalidItemException"/>.</summary>
    public static string String(JsonElement item) =>
        item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Wrong("a string", item);

    /// <summary>The item as a 64-bit integer, or an <see cref="InvalidItemException"/>.</summary>
    public static long Integer(JsonElement item) =>
        item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out var value) ? value : throw Wrong("an integer", item);

    /// <summary>The item as a number node (integer when it is one), or an <see cref="InvalidItemException"/>.</summary>
    public static JsonNode Number(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Number)
        {
            throw Wrong("a number", item);
        }

        return item.TryGetInt64(out var integer) ? JsonValue.Create(integer) : JsonValue.Create(item.GetDouble());
    }

    /// <summary>An integer argument of the job (<paramref name="fallback"/> when absent), within bounds.</summary>
    public static int IntArgument(JsonElement args, string name, int fallback, int min, int max)
    {
        if (args.ValueKind != JsonValueKind.Object || !args.TryGetProperty(name, out var value))
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            throw new InvalidItemException($"args.{name} must be an integer from {min} to {max}, got {Describe(value)}");
        }

        return number;
    }

    /// <summary>A wrong-type error: <c>expected a number, got string "abc"</c>.</summary>
    public static InvalidItemException Wrong(string expected, JsonElement item) => new($"expected {expected}, got {Describe(item)}");

    private static string Describe(JsonElement item)
    {
        var text = item.GetRawText();
        if (text.Length > 40)
        {
            text = text[..40] + "…";
        }

        return $"{item.ValueKind.ToString().ToLowerInvariant()} {text}";
    }
}

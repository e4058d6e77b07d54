using System.Text;
using System.Text.Json;
using GrainSystem.Abstractions.Work;

namespace GrainSystem.Grains.Work;

/// <summary>Checks a spec against <see cref="JobLimits"/> and cuts its item array into chunk texts.</summary>
public static class JobChunking
{
    /// <summary>The wrong field and why, or null when the sizes are within bounds.</summary>
    public static (string Field, string Message)? CheckSizes(JobSpec spec)
    {
        if (spec.ChunkSize is < JobLimits.MinChunkSize or > JobLimits.MaxChunkSize)
        {
            return ("chunkSize", $"must be from {JobLimits.MinChunkSize} to {JobLimits.MaxChunkSize}");
        }

        if (spec.MaxParallelism is < 1 or > JobLimits.MaxParallelism)
        {
            return ("maxParallelism", $"must be from 1 to {JobLimits.MaxParallelism}");
        }

        if (spec.MaxAttempts is < 1 or > JobLimits.MaxAttempts)
        {
            return ("maxAttempts", $"must be from 1 to {JobLimits.MaxAttempts}");
        }

        return null;
    }

    /// <summary>Cuts the JSON array <paramref name="itemsJson"/> into JSON array texts of <paramref name="chunkSize"/> items.</summary>
    public static (List<string>? Chunks, int Items, string? Error) Cut(string itemsJson, int chunkSize)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(itemsJson);
        }
        catch (JsonException e)
        {
            return (null, 0, $"is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return (null, 0, "must be a JSON array");
            }

            var count = root.GetArrayLength();
            if (count > JobLimits.MaxItems)
            {
                return (null, count, $"must hold at most {JobLimits.MaxItems} items, got {count}");
            }

            var chunks = new List<string>((count + chunkSize - 1) / chunkSize);
            var text = new StringBuilder();
            var inChunk = 0;
            foreach (var item in root.EnumerateArray())
            {
                text.Append(inChunk == 0 ? '[' : ',').Append(item.GetRawText());
                if (++inChunk == chunkSize)
                {
                    chunks.Add(text.Append(']').ToString());
                    text.Clear();
                    inChunk = 0;
                }
            }

            if (inChunk > 0)
            {
                chunks.Add(text.Append(']').ToString());
            }

            return (chunks, count, null);
        }
    }
}

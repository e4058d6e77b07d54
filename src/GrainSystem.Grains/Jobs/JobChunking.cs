using System.Text;
using System.Text.Json;
using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Grains.Jobs;

/// <summary>Checks a spec against <see cref="JobLimits"/> and cuts its item array into chunk texts.</summary>
public static class JobChunking
{
    /// <summary>The spec to store for <paramref name="spec"/>, its items cut into chunks; or the first wrong field and why.</summary>
    public static (JobSpecState? Stored, string Field, string Message) Prepare(JobSpec spec, DateTimeOffset createdAt)
    {
        if (Check(spec) is { } wrong)
        {
            return (null, wrong.Field, wrong.Message);
        }

        var (chunks, items, error) = Cut(spec.ItemsJson, spec.ChunkSize);
        if (chunks is null)
        {
            return (null, "items", error!);
        }

        return (new JobSpecState
        {
            Operation = spec.Operation,
            ArgsJson = spec.ArgsJson,
            Chunks = chunks,
            TotalItems = items,
            ChunkSize = spec.ChunkSize,
            MaxParallelism = spec.MaxParallelism,
            MaxAttempts = spec.MaxAttempts,
            CreatedAt = createdAt,
            RequestHash = spec.RequestHash,
        }, "", "");
    }

    /// <summary>
    /// The answer to a submission of an id whose job is stored (<paramref name="stored"/>): accepted again when it repeats
    /// the keyed submission that stored it (see <see cref="JobSpec.RequestHash"/>), else already exists.
    /// </summary>
    public static JobSubmitResult Resubmitted(JobSpec spec, JobSpecState stored, JobInfo info)
    {
        return spec.RequestHash is not null && spec.RequestHash == stored.RequestHash
            ? new(JobSubmitStatus.Accepted, info, null, null, [])
            : new(JobSubmitStatus.AlreadyExists, info, "id", "a job with this id already exists", []);
    }

    /// <summary>The first wrong field and why (see <see cref="JobLimits.CheckSizes"/>), or null when the spec is valid apart from its items.</summary>
    public static (string Field, string Message)? Check(JobSpec spec)
    {
        foreach (var wrong in JobLimits.CheckSizes(spec.ChunkSize, spec.MaxParallelism, spec.MaxAttempts))
        {
            return wrong;
        }

        return IsJsonObject(spec.ArgsJson) ? null : ("args", JobLimits.ArgsNotAnObject);
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
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
                return (null, count, $"{JobLimits.TooManyItems}, got {count}");
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

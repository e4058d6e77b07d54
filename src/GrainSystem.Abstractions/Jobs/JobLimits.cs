namespace GrainSystem.Abstractions.Jobs;

/// <summary>The bounds every job spec must respect, checked at the HTTP edge and again by the job grain.</summary>
public static class JobLimits
{
    /// <summary>Most items one job may carry.</summary>
    public const int MaxItems = 1_000_000;

    /// <summary>Smallest chunk.</summary>
    public const int MinChunkSize = 1;

    /// <summary>Largest chunk.</summary>
    public const int MaxChunkSize = 100_000;

    /// <summary>Most chunks in flight at once for one job.</summary>
    public const int MaxParallelism = 1_024;

    /// <summary>Most attempts per chunk (the first run included).</summary>
    public const int MaxAttempts = 20;

    /// <summary>Errors kept in a job's status (the newest; the error that failed the job is always kept).</summary>
    public const int MaxErrorsKept = 50;

    /// <summary>Why an item count is refused.</summary>
    public static readonly string TooManyItems = $"must hold at most {MaxItems} items";

    /// <summary>Why args are refused.</summary>
    public const string ArgsNotAnObject = "must be a JSON object";

    /// <summary>
    /// The out-of-bounds size fields of a spec, each with why (empty when all are within bounds); the one copy of these
    /// rules, used by the HTTP edge (every wrong field at once) and the job grain (which may be called directly).
    /// </summary>
    public static IEnumerable<(string Field, string Message)> CheckSizes(int chunkSize, int maxParallelism, int maxAttempts)
    {
        if (chunkSize is < MinChunkSize or > MaxChunkSize)
        {
            yield return ("chunkSize", $"must be from {MinChunkSize} to {MaxChunkSize}");
        }

        if (maxParallelism is < 1 or > MaxParallelism)
        {
            yield return ("maxParallelism", $"must be from 1 to {MaxParallelism}");
        }

        if (maxAttempts is < 1 or > MaxAttempts)
        {
            yield return ("maxAttempts", $"must be from 1 to {MaxAttempts}");
        }
    }
}

namespace GrainSystem.Abstractions.Work;

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
}

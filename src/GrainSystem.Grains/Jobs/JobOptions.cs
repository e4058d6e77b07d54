using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Grains.Jobs;

/// <summary>Settings of the Jobs feature (section <c>Jobs</c>).</summary>
public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Registers the <c>sleep</c> and <c>flaky</c> operations (tests and demos only).</summary>
    public bool EnableTestOperations { get; set; }

    /// <summary>Backoff before the first retry of a chunk; doubles per further attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Jobs:RetryBaseDelay (Jobs__RetryBaseDelay) must be between {1} and {2}.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the backoff between two attempts of a chunk; at least <see cref="RetryBaseDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "Jobs:RetryMaxDelay (Jobs__RetryMaxDelay) must be between {1} and {2}.")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longest one attempt of a chunk may run before the worker stops it (a retryable failure). Below the worker
    /// call's one-hour response timeout, so the worker always answers before the call times out.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:55:00", ErrorMessage = "Jobs:ChunkTimeout (Jobs__ChunkTimeout) must be between {1} and {2}.")]
    public TimeSpan ChunkTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Period of the reminder that wakes an unfinished job after the loss of its silo (and keeps a running job's
    /// activation alive). The silo's minimum reminder period is lowered to this when it is shorter.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Jobs:ResumeCheckPeriod (Jobs__ResumeCheckPeriod) must be between {1} and {2}.")]
    public TimeSpan ResumeCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a finished job (completed, failed or cancelled) keeps its status and results before its stored data is
    /// deleted and its id is free again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00", ErrorMessage = "Jobs:FinishedRetention (Jobs__FinishedRetention) must be between {1} and {2}.")]
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromDays(1);
}

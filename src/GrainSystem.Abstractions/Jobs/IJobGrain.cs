using Orleans.Concurrency;

namespace GrainSystem.Abstractions.Jobs;

/// <summary>
/// One job, keyed by its id: cuts the items into chunks, sends them to <see cref="IWorkerGrain"/>s on every silo with
/// bounded parallelism, retries failures with backoff, persists each finished chunk and resumes after the loss of its
/// silo (woken by a reminder). No method waits for chunks: dispatch runs in the background, so every call answers at once.
/// </summary>
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Validates, persists and schedules the job. Idempotent per id: a second submission changes nothing.</summary>
    Task<JobSubmitResult> SubmitAsync(JobSpec spec);

    /// <summary>The job's description and progress; null when no job has this id.</summary>
    // Reads in-memory fields only, so it may run between the awaits of background work and of other requests.
    [AlwaysInterleave]
    Task<JobInfo?> GetInfoAsync();

    /// <summary>The results once Completed (per-item in item order, or the reduced value).</summary>
    Task<JobResults> GetResultsAsync();

    /// <summary>Stops dispatch at once and cancels chunks in flight cooperatively.</summary>
    Task<JobCancelResult> CancelAsync();
}

using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Client.Jobs;

/// <summary>
/// Jobs from .NET code that is an Orleans client (or co-hosts a silo): submit, inspect, wait for, read the results of
/// and cancel jobs, and list the registered operations. Typed methods serialize items and results as JSON; raw methods
/// take and return JSON text as the HTTP API does.
/// </summary>
public interface IJobClient
{
    /// <summary>Submits <paramref name="items"/> as a job under a new id and returns it.</summary>
    /// <exception cref="JobRejectedException">The spec was refused (unknown operation, a size out of bounds, or the job
    /// could not be stored); nothing was stored.</exception>
    Task<JobInfo> SubmitAsync<TItem>(string operation, IEnumerable<TItem> items, object? args = null, JobSubmitOptions? options = null);

    /// <summary>
    /// Submits <paramref name="spec"/> (items and arguments as JSON text) as the job <paramref name="id"/>. Idempotent per
    /// id: a second submission changes nothing and answers <see cref="JobSubmitStatus.AlreadyExists"/>.
    /// </summary>
    Task<JobSubmitResult> SubmitAsync(string id, JobSpec spec);

    /// <summary>The job's description and progress, or null when no job has this id.</summary>
    Task<JobInfo?> GetInfoAsync(string id);

    /// <summary>
    /// Polls every <paramref name="pollInterval"/> (200 ms when not given) until the job is Completed, Failed or Cancelled
    /// (or <paramref name="cancellationToken"/> ends the wait).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No job has this id.</exception>
    Task<JobInfo> WaitAsync(string id, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default);

    /// <summary>The job's results as JSON text once it is Completed, or why not (<see cref="JobResults.Status"/>).</summary>
    Task<JobResults> GetResultsAsync(string id);

    /// <summary>Per-item results in item order.</summary>
    /// <exception cref="KeyNotFoundException">No job has this id.</exception>
    /// <exception cref="InvalidOperationException">The job is not Completed, its operation reduces to one value, or its
    /// results cannot be given (<see cref="JobResultsStatus.Unavailable"/>).</exception>
    Task<IReadOnlyList<TResult>> GetResultsAsync<TResult>(string id);

    /// <summary>The reduced value.</summary>
    /// <exception cref="KeyNotFoundException">No job has this id.</exception>
    /// <exception cref="InvalidOperationException">The job is not Completed, its operation has per-item results, or its
    /// results cannot be given (<see cref="JobResultsStatus.Unavailable"/>).</exception>
    Task<TResult?> GetReducedAsync<TResult>(string id);

    /// <summary>
    /// Cancels a pending or running job: nothing more is sent and running chunks are cancelled. The result says whether
    /// it is cancelled, had already finished, or does not exist.
    /// </summary>
    Task<JobCancelResult> CancelAsync(string id);

    /// <summary>The operations registered on the silos.</summary>
    Task<IReadOnlyList<OperationInfo>> GetOperationsAsync();
}

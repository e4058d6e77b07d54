using System.Text.Json;
using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Client.Jobs;

/// <summary>
/// Jobs from .NET code that is an Orleans client (or co-hosts a silo): submit typed items, wait, read typed results.
/// A thin layer over <see cref="IJobGrain"/>; items and results cross the wire as JSON text.
/// </summary>
public sealed class JobClient(IGrainFactory grains)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Submits a job under a new id and returns its status; throws <see cref="JobRejectedException"/> for a bad spec.</summary>
    public async Task<JobInfo> SubmitAsync<TItem>(string operation, IEnumerable<TItem> items, object? args = null,
        JobSubmitOptions? options = null)
    {
        options ??= new JobSubmitOptions();
        var id = Guid.NewGuid().ToString("N");
        var spec = new JobSpec(operation, JsonSerializer.Serialize(args ?? new { }, Json), JsonSerializer.Serialize(items, Json),
            options.ChunkSize, options.MaxParallelism, options.MaxAttempts);
        var submission = await grains.GetGrain<IJobGrain>(id).SubmitAsync(spec);
        return submission.Status == JobSubmitStatus.Accepted
            ? submission.Info!
            : throw new JobRejectedException(submission.Field ?? "spec", submission.Message ?? "is not valid", submission.KnownOperations);
    }

    /// <summary>The job's description and progress, or null when no job has this id.</summary>
    public Task<JobInfo?> GetInfoAsync(string id) => grains.GetGrain<IJobGrain>(id).GetInfoAsync();

    /// <summary>Polls until the job is Completed, Failed or Cancelled (or <paramref name="cancellationToken"/> ends the wait).</summary>
    public async Task<JobInfo> WaitAsync(string id, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var info = await GetInfoAsync(id) ?? throw new KeyNotFoundException($"No job has the id '{id}'.");
            if (info.State is JobState.Completed or JobState.Failed or JobState.Cancelled)
            {
                return info;
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>Per-item results in item order; throws unless the job is Completed with a non-reducing operation.</summary>
    public async Task<IReadOnlyList<TResult>> GetResultsAsync<TResult>(string id)
    {
        var results = await CompletedResultsAsync(id);
        return results.Reduced
            ? throw new InvalidOperationException($"Job '{id}' reduces to one value; use GetReducedAsync.")
            : JsonSerializer.Deserialize<TResult[]>(results.Json!, Json)!;
    }

    /// <summary>The reduced value; throws unless the job is Completed with a reducing operation.</summary>
    public async Task<TResult?> GetReducedAsync<TResult>(string id)
    {
        var results = await CompletedResultsAsync(id);
        return results.Reduced
            ? JsonSerializer.Deserialize<TResult>(results.Json!, Json)
            : throw new InvalidOperationException($"Job '{id}' has per-item results; use GetResultsAsync.");
    }

    /// <summary>Cancels the job: nothing more is sent and running chunks are cancelled.</summary>
    public Task<JobCancelResult> CancelAsync(string id) => grains.GetGrain<IJobGrain>(id).CancelAsync();

    private async Task<JobResults> CompletedResultsAsync(string id)
    {
        var results = await grains.GetGrain<IJobGrain>(id).GetResultsAsync();
        if (results.Status == JobResultsStatus.NotFound)
        {
            throw new KeyNotFoundException($"No job has the id '{id}'.");
        }

        return results.State == JobState.Completed
            ? results
            : throw new InvalidOperationException($"Job '{id}' is {results.State}; results exist only once it is Completed.");
    }
}

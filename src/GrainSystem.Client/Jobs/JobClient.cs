using System.Text.Json;
using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Client.Jobs;

/// <summary>
/// The <see cref="IJobClient"/> over <see cref="IJobGrain"/> and <see cref="IWorkerGrain"/>: grain results come back
/// unchanged; items and results cross the wire as JSON text.
/// </summary>
public sealed class JobClient(IGrainFactory grains) : IJobClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The worker that answers <see cref="GetOperationsAsync"/>: every silo registers the same operations.</summary>
    private const string OperationsWorker = "operations";

    /// <inheritdoc />
    public async Task<JobInfo> SubmitAsync<TItem>(string operation, IEnumerable<TItem> items, object? args = null,
        JobSubmitOptions? options = null)
    {
        options ??= new JobSubmitOptions();
        var spec = new JobSpec(operation, JsonSerializer.Serialize(args ?? new { }, Json), JsonSerializer.Serialize(items, Json),
            options.ChunkSize, options.MaxParallelism, options.MaxAttempts);
        var submission = await SubmitAsync(Guid.NewGuid().ToString("N"), spec);
        return submission.Status == JobSubmitStatus.Accepted
            ? submission.Info!
            : throw new JobRejectedException(submission.Field ?? "spec", submission.Message ?? "is not valid", submission.KnownOperations);
    }

    /// <inheritdoc />
    public Task<JobSubmitResult> SubmitAsync(string id, JobSpec spec) => Job(id).SubmitAsync(spec);

    /// <inheritdoc />
    public Task<JobInfo?> GetInfoAsync(string id) => Job(id).GetInfoAsync();

    /// <inheritdoc />
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

    /// <inheritdoc />
    public Task<JobResults> GetResultsAsync(string id) => Job(id).GetResultsAsync();

    /// <inheritdoc />
    public async Task<IReadOnlyList<TResult>> GetResultsAsync<TResult>(string id)
    {
        var results = await CompletedResultsAsync(id);
        return results.Reduced
            ? throw new InvalidOperationException($"Job '{id}' reduces to one value; use GetReducedAsync.")
            : JsonSerializer.Deserialize<TResult[]>(results.Json!, Json)!;
    }

    /// <inheritdoc />
    public async Task<TResult?> GetReducedAsync<TResult>(string id)
    {
        var results = await CompletedResultsAsync(id);
        return results.Reduced
            ? JsonSerializer.Deserialize<TResult>(results.Json!, Json)
            : throw new InvalidOperationException($"Job '{id}' has per-item results; use GetResultsAsync.");
    }

    /// <inheritdoc />
    public Task<JobCancelResult> CancelAsync(string id) => Job(id).CancelAsync();

    /// <inheritdoc />
    public Task<IReadOnlyList<OperationInfo>> GetOperationsAsync() =>
        grains.GetGrain<IWorkerGrain>(OperationsWorker).GetOperationsAsync();

    private IJobGrain Job(string id) => grains.GetGrain<IJobGrain>(id);

    private async Task<JobResults> CompletedResultsAsync(string id)
    {
        var results = await GetResultsAsync(id);
        return results.Status switch
        {
            JobResultsStatus.Available => results,
            JobResultsStatus.NotFound => throw new KeyNotFoundException($"No job has the id '{id}'."),
            JobResultsStatus.Unavailable => throw new InvalidOperationException($"Job '{id}': {results.Error}."),
            _ => throw new InvalidOperationException($"Job '{id}' is {results.State}; results exist only once it is Completed."),
        };
    }
}

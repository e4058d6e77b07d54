using System.Text.Json;
using System.Text.Json.Nodes;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// Runs one attempt of one chunk. A stateless worker with the default local worker count (one activation per core of
/// the silo); each activation runs one chunk at a time, on the thread pool (<see cref="Task.Run(Func{Task})"/>), so
/// CPU-bound operations use at most the silo's cores and never hold the grain scheduler's threads.
/// </summary>
[StatelessWorker]
public sealed partial class WorkerGrain(
    ChunkOperationCatalog operations,
    ChunkCancellations cancellations,
    ILocalSiloDetails silo,
    IOptions<JobOptions> options,
    ILogger<WorkerGrain> logger) : Grain, IWorkerGrain
{
    /// <summary>
    /// Worker activations per silo: the <see cref="StatelessWorkerAttribute"/> default, one per core (CPU-bound chunks
    /// use every core and never oversubscribe it; sleeping or I/O-bound operations are the exception, not the rule).
    /// </summary>
    public static int LocalWorkers => Environment.ProcessorCount;

    private readonly string _silo = silo.SiloAddress.ToString();

    public async Task<ChunkOutcome> RunAsync(ChunkAssignment assignment)
    {
        if (!operations.TryGet(assignment.Operation, out var operation))
        {
            return Outcome(ChunkOutcomeKind.FailedPermanently, error: $"operation '{assignment.Operation}' is not registered on silo {_silo}");
        }

        if (cancellations.IsCancelled(assignment.JobId))
        {
            return Outcome(ChunkOutcomeKind.Cancelled, error: "cancelled before it started");
        }

        using var cancelled = new CancellationTokenSource();
        using var tracking = cancellations.Track(assignment.JobId, cancelled);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancelled.Token);
        limit.CancelAfter(options.Value.ChunkTimeout);
        try
        {
            var result = await Task.Run(() => ExecuteAsync(operation, assignment, limit.Token), limit.Token);
            return Outcome(ChunkOutcomeKind.Succeeded, result);
        }
        catch (InvalidItemException e)
        {
            return Outcome(ChunkOutcomeKind.FailedPermanently, error: $"chunk {assignment.Chunk}: {e.Message}");
        }
        catch (OperationContractException e)
        {
            return Outcome(ChunkOutcomeKind.FailedPermanently, error: $"chunk {assignment.Chunk}: {e.Message}");
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested)
        {
            return Outcome(ChunkOutcomeKind.Cancelled, error: "cancelled");
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            return Outcome(ChunkOutcomeKind.Failed, error: $"chunk {assignment.Chunk}: timed out after {options.Value.ChunkTimeout} (Jobs:ChunkTimeout)");
        }
        catch (Exception e)
        {
            LogChunkAttemptFailed(logger, e, assignment.JobId, assignment.Chunk, assignment.Attempt);
            return Outcome(ChunkOutcomeKind.Failed, error: $"chunk {assignment.Chunk}: {e.GetType().Name}: {e.Message}");
        }
    }

    public Task<IReadOnlyList<OperationInfo>> GetOperationsAsync() => Task.FromResult(operations.Infos);

    private static async Task<string> ExecuteAsync(IChunkOperation operation, ChunkAssignment assignment, CancellationToken cancellationToken)
    {
        using var items = JsonDocument.Parse(assignment.ItemsJson);
        using var args = JsonDocument.Parse(assignment.ArgsJson);
        var elements = items.RootElement.EnumerateArray().ToArray();
        var context = new ChunkContext(assignment.JobId, assignment.Chunk, assignment.Attempt, assignment.FirstItem, args.RootElement);
        var results = await operation.MapAsync(elements, context, cancellationToken);
        if (results.Count != elements.Length)
        {
            throw new OperationContractException(
                $"operation '{operation.Name}' returned {results.Count} results for {elements.Length} items");
        }

        if (operation.Reduces)
        {
            return operation.Reduce(results)?.ToJsonString() ?? "null";
        }

        // One array per chunk; the job concatenates chunk arrays in chunk order.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var result in results)
            {
                Write(writer, result);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    private ChunkOutcome Outcome(ChunkOutcomeKind kind, string? result = null, string? error = null) =>
        new(kind, result, error, _silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chunk {Chunk} of job {JobId}, attempt {Attempt}, failed")]
    private static partial void LogChunkAttemptFailed(ILogger logger, Exception exception, string jobId, int chunk, int attempt);

    /// <summary>An operation broke its contract (wrong number of results): a retry would break it again.</summary>
    private sealed class OperationContractException(string message) : Exception(message);
}

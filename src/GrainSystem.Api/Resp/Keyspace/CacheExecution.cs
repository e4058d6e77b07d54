using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Resp.Commands;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>
/// Runs a plan's operations: one batch per partition (each run in one turn of its partition, in plan order), the
/// partitions concurrently. A batch that fails fails only the operations it carried.
/// </summary>
internal static class CacheExecution
{
    public const string StorageRefused = "TRYAGAIN the cache could not reach its storage; nothing changed, retry";

    public static async ValueTask<CacheOutcome> RunAsync(RespSession session, CachePlan plan)
    {
        if (plan.Count == 0)
        {
            return CacheOutcome.Empty;
        }

        if (plan.Count <= CacheBatch.MaxOperations && plan.InOnePartition(0))
        {
            // The common case (one command, or a pipeline on one partition): one batch, its results as they come.
            var operations = new CacheOperation[plan.Count];
            for (var i = 0; i < operations.Length; i++)
            {
                operations[i] = plan[i];
            }

            var (result, error) = await ExecuteAsync(session, "cache", operations, [], plan.PartitionOf(0));
            return error is null ? new CacheOutcome(result!.Results, null) : new CacheOutcome(new CacheOperationResult[plan.Count], Filled(plan.Count, error));
        }

        var groups = Enumerable.Range(0, plan.Count)
            .GroupBy(plan.PartitionOf)
            .SelectMany(g => g.Chunk(CacheBatch.MaxOperations))
            .ToList();
        var runs = groups.Select(indices => ExecuteAsync(session, "cache", [.. indices.Select(i => plan[i])], [], plan.PartitionOf(indices[0])).AsTask())
            .ToList();
        await Task.WhenAll(runs);
        var all = new CacheOperationResult[plan.Count];
        string?[]? errors = null;
        for (var g = 0; g < groups.Count; g++)
        {
            var (result, error) = runs[g].Result;
            for (var j = 0; j < groups[g].Length; j++)
            {
                if (error is null)
                {
                    all[groups[g][j]] = result!.Results[j];
                }
                else
                {
                    (errors ??= new string?[plan.Count])[groups[g][j]] = error;
                }
            }
        }

        return new CacheOutcome(all, errors);
    }

    /// <summary>
    /// Runs one batch (through the partition's <see cref="PartitionCoalescer"/> lane when <paramref name="partition"/> is
    /// given): executed or aborted (by its watches), or the error reply every operation of it answers.
    /// </summary>
    public static async ValueTask<(CacheBatchResult? Result, string? Error)> ExecuteAsync(RespSession session, string command,
        CacheOperation[] operations, CacheWatch[] watches, int partition = -1)
    {
        CacheBatchResult result;
        try
        {
            var services = session.Services;
            result = partition >= 0
                ? await services.Coalescer.ExecuteAsync(partition, operations, watches)
                : await services.Cache.ExecuteAsync(new CacheBatch { Operations = operations, Watches = watches }, session.Closed);
        }
        catch (Exception ex) when (!session.Closed.IsCancellationRequested)
        {
            return (null, RespFailures.Describe(session.Services, command, operations.Any(IsWrite), ex));
        }

        return result.Status switch
        {
            CacheBatchStatus.Executed or CacheBatchStatus.Aborted => (result, null),
            CacheBatchStatus.Unavailable => (null, StorageRefused),
            _ => (null, RespFailures.OutcomeUnknown),
        };
    }

    public static bool IsWrite(CacheOperation operation) => operation.Kind is not (CacheOperationKind.Get or CacheOperationKind.Length
        or CacheOperationKind.Exists or CacheOperationKind.TimeToLive or CacheOperationKind.ExpireTime or CacheOperationKind.Version);

    private static string?[] Filled(int count, string error)
    {
        var errors = new string?[count];
        Array.Fill(errors, error);
        return errors;
    }
}

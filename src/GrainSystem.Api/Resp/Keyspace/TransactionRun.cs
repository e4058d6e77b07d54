using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Resp.Commands;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>
/// EXEC of a queued transaction: every queued cache command planned into one batch, run with the watched keys'
/// versions as its precondition; then one reply per queued command (an argument error is that command's reply, as
/// Redis checks arguments only when the transaction runs).
/// </summary>
internal static class TransactionRun
{
    public static async ValueTask ExecuteAsync(RespSession session, IReadOnlyList<(RespCommandSpec Spec, RespCommand Command)> queued,
        IReadOnlyList<WatchedKey> watched)
    {
        var plan = new CachePlan(session.Services.Cache.Partitioner);
        var planned = new (int First, int Count, CacheReply? Reply, string? Error)[queued.Count];
        for (var i = 0; i < queued.Count; i++)
        {
            var (spec, command) = queued[i];
            var first = plan.Count;
            plan.Reply = null;
            var error = spec.Plan?.Invoke(command, plan);
            if (error is not null)
            {
                plan.Truncate(first);
            }

            planned[i] = (first, plan.Count - first, plan.Reply, error);
        }

        var partitions = Enumerable.Range(0, plan.Count).Select(plan.PartitionOf).Concat(watched.Select(w => w.Partition)).Distinct().Count();
        if (partitions > 1)
        {
            session.Reply.Error(RespErrors.CrossSlot);
            return;
        }

        if (plan.Count > CacheBatch.MaxOperations)
        {
            session.Reply.Error($"ERR a transaction runs at most {CacheBatch.MaxOperations} operations");
            return;
        }

        var operations = Enumerable.Range(0, plan.Count).Select(i => plan[i]).ToArray();
        var watches = watched.Select(w => new CacheWatch(w.Key, w.Version)).ToArray();
        CacheOperationResult[] results = [];
        if (operations.Length > 0 || watches.Length > 0)
        {
            var (result, failure) = await CacheExecution.ExecuteAsync(session, "exec", operations, watches);
            if (failure is not null)
            {
                session.Reply.Error(failure);
                return;
            }

            if (result!.Status == CacheBatchStatus.Aborted)
            {
                session.Reply.NullArray();
                return;
            }

            results = result.Results;
        }

        session.Reply.Array(queued.Count);
        for (var i = 0; i < queued.Count; i++)
        {
            var (first, count, reply, error) = planned[i];
            if (error is not null)
            {
                session.Reply.Error(error);
            }
            else if (reply is not null)
            {
                reply(session, results.AsSpan(first, count));
            }
            else
            {
                // PING and ECHO: answered here, in their turn.
                await queued[i].Spec.Handler!(session, queued[i].Command);
            }
        }
    }
}

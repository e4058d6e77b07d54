using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Resp.Commands;
using GrainSystem.Api.Resp.Protocol;
using static GrainSystem.Api.Resp.Commands.RespCommandFlags;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>
/// MULTI, EXEC, DISCARD, WATCH, UNWATCH. A transaction is one batch of one partition, run in one turn: atomic, as in
/// Redis. As in Redis Cluster, its keys (the watched ones too) must share a partition, else EXEC answers CROSSSLOT.
/// WATCH records each key's version; EXEC runs only while every watched key is still at it, else answers nil.
/// </summary>
internal static class TransactionCommands
{
    public static IEnumerable<RespCommandSpec> Specs =>
    [
        new("MULTI", 1, Fast | TransactionControl, 0, 0, 0, "transactions", "1.2.0", "Starts a transaction.", Multi),
        new("EXEC", 1, TransactionControl | Cluster, 0, 0, 0, "transactions", "1.2.0", "Executes all commands in a transaction.", Exec),
        new("DISCARD", 1, Fast | TransactionControl, 0, 0, 0, "transactions", "2.0.0", "Discards a transaction.", Discard),
        new("WATCH", -2, Fast | TransactionControl | Cluster, 1, -1, 1, "transactions", "2.2.0",
            "Monitors changes to keys to determine the execution of a transaction.", Watch),
        new("UNWATCH", 1, Fast, 0, 0, 0, "transactions", "2.2.0", "Forgets about watched keys of a transaction.", Unwatch),
    ];

    /// <summary>Queues a command inside MULTI; one whose own keys span partitions is refused with CROSSSLOT (EXEC then aborts).</summary>
    public static ValueTask Queue(RespSession session, RespCommandSpec spec, RespCommand command)
    {
        int? partition = null;
        foreach (var index in spec.KeyPositions(command.Count))
        {
            var of = CachePartitioner.PartitionOf(command[index], session.Services.Cache.Partitioner.Partitions);
            if (partition is { } first && first != of)
            {
                session.Transaction.Fail();
                session.Reply.Error(RespErrors.CrossSlot);
                return default;
            }

            partition = of;
        }

        session.Transaction.Queue(spec, command);
        session.Reply.Raw("+QUEUED\r\n"u8);
        return default;
    }

    private static ValueTask Multi(RespSession session, RespCommand command)
    {
        if (session.Transaction.IsOpen)
        {
            session.Reply.Error("ERR MULTI calls can not be nested");
        }
        else
        {
            session.Transaction.Begin();
            session.Reply.Ok();
        }

        return default;
    }

    private static ValueTask Discard(RespSession session, RespCommand command)
    {
        if (!session.Transaction.IsOpen)
        {
            session.Reply.Error("ERR DISCARD without MULTI");
            return default;
        }

        session.Transaction.Discard();
        session.Transaction.Unwatch();
        session.Reply.Ok();
        return default;
    }

    private static ValueTask Unwatch(RespSession session, RespCommand command)
    {
        session.Transaction.Unwatch();
        session.Reply.Ok();
        return default;
    }

    private static async ValueTask Watch(RespSession session, RespCommand command)
    {
        if (session.Transaction.IsOpen)
        {
            session.Reply.Error("ERR WATCH inside MULTI is not allowed");
            return;
        }

        var plan = new CachePlan(session.Services.Cache.Partitioner);
        var error = StringCommands.Each(command, plan, 1, 1, key => CacheOperation.Version(key), CacheReplies.Ok)
            ?? (plan.InOnePartition(0) ? null : RespErrors.CrossSlot);
        if (error is not null)
        {
            session.Reply.Error(error);
            return;
        }

        var outcome = await CacheExecution.RunAsync(session, plan);
        if (outcome.Error(0, plan.Count) is { } failed)
        {
            session.Reply.Error(failed);
            return;
        }

        var versions = outcome.Results(0, plan.Count);
        for (var i = 0; i < plan.Count; i++)
        {
            session.Transaction.Watch(new WatchedKey(plan[i].Key, plan.PartitionOf(i), versions[i].Number));
        }

        session.Reply.Ok();
    }

    private static async ValueTask Exec(RespSession session, RespCommand command)
    {
        var transaction = session.Transaction;
        if (!transaction.IsOpen)
        {
            session.Reply.Error("ERR EXEC without MULTI");
            return;
        }

        var queued = transaction.Queued.ToList();
        var watched = transaction.Watched.ToList();
        var failed = transaction.State == RespTransactionState.Failed;
        transaction.Discard();
        transaction.Unwatch();
        if (failed)
        {
            session.Reply.Error(RespErrors.ExecAbort);
            return;
        }

        await TransactionRun.ExecuteAsync(session, queued, watched);
    }
}

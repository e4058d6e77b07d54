using System.Runtime.CompilerServices;
using GrainSystem.Api.Resp.Keyspace;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>
/// Runs one command of a connection with Redis's checks, in Redis's order: the command exists, its argument count,
/// authentication, what a transaction may queue, what RESP2's subscribed mode allows; then queues it (inside MULTI)
/// or runs it. A rejected command inside MULTI makes EXEC answer EXECABORT, as in Redis.
/// </summary>
internal static class RespDispatcher
{
    public static ValueTask ExecuteAsync(RespSession session, RespCommand command)
    {
        session.Services.Stats.CommandProcessed();
        var found = RespCommandTable.TryFind(command[0], out var spec);
        if (found && spec.Plan is not null && session.Authenticated && !session.Transaction.IsOpen && !session.InSubscribedMode
            && spec.AcceptsArgumentCount(command.Count) && session.Services.ClusterReached)
        {
            // A cache command joins the connection's batch; its reply is written when the batch runs.
            session.LastCommand = spec.DisplayName;
            session.Batcher.Add(spec, command);
            return session.Batcher.IsFull ? session.Batcher.DrainAsync(session) : default;
        }

        return session.HasPendingCacheCommands
            ? DrainThenExecuteAsync(session, command, found ? spec : null)
            : Execute(session, command, found ? spec : null);
    }

    /// <summary>Replies go out in command order: the batched cache commands before this one answer first.</summary>
    private static async ValueTask DrainThenExecuteAsync(RespSession session, RespCommand command, RespCommandSpec? spec)
    {
        await session.Batcher.DrainAsync(session);
        await Execute(session, command, spec);
    }

    private static ValueTask Execute(RespSession session, RespCommand command, RespCommandSpec? spec)
    {
        if (spec is null)
        {
            if (IsHttpRequest(command))
            {
                // An HTTP request sent to the RESP port (a browser tricked into cross-protocol scripting): close
                // without answering, as Redis does.
                session.CloseRequested = true;
                return default;
            }

            return Reject(session, RespErrors.UnknownCommand(command));
        }

        if (!spec.AcceptsArgumentCount(command.Count))
        {
            return Reject(session, RespErrors.Arity(spec.DisplayName));
        }

        if (!session.Authenticated && !spec.Has(RespCommandFlags.NoAuth))
        {
            return Reject(session, RespErrors.NoAuth);
        }

        var queuing = session.Transaction.IsOpen && !spec.Has(RespCommandFlags.TransactionControl);
        if (queuing && !spec.Has(RespCommandFlags.Queueable))
        {
            return Reject(session, RespErrors.NotAllowedInMulti);
        }

        if (session.InSubscribedMode && !spec.Has(RespCommandFlags.Subscribed))
        {
            return Reject(session, RespErrors.OnlyPubSub(spec.DisplayName));
        }

        if (spec.Has(RespCommandFlags.Cluster) && !queuing && !session.Services.ClusterReached)
        {
            return Reject(session, RespFailures.NotConnected);
        }

        session.LastCommand = spec.DisplayName;
        if (queuing)
        {
            return TransactionCommands.Queue(session, spec, command);
        }

        ValueTask pending;
        try
        {
            pending = spec.Handler is null ? CacheCommands.RunAsync(session, spec, command) : spec.Handler(session, command);
        }
        catch (Exception ex) when (!session.Closed.IsCancellationRequested)
        {
            session.Reply.Error(RespFailures.Describe(session.Services, spec, ex));
            return default;
        }

        return pending.IsCompletedSuccessfully ? default : AwaitAsync(session, spec, pending);
    }

    /// <summary>Awaits a command that did not finish at once; a failure becomes its error reply (the connection goes on).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitAsync(RespSession session, RespCommandSpec spec, ValueTask pending)
    {
        try
        {
            await pending;
        }
        catch (Exception ex) when (!session.Closed.IsCancellationRequested)
        {
            session.Reply.Error(RespFailures.Describe(session.Services, spec, ex));
        }
    }

    private static ValueTask Reject(RespSession session, string error)
    {
        session.Transaction.Fail();
        session.Reply.Error(error);
        return default;
    }

    // Redis closes a connection whose first word is "POST" or "Host:": what a browser sends.
    private static bool IsHttpRequest(RespCommand command) => command.Is(0, "POST"u8) || command.Is(0, "HOST:"u8);
}

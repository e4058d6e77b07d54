using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Resp.Commands;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>
/// MSETNX: all the keys are set, or none when any exists. A batch cannot make one operation depend on another, so the
/// keys' versions are read, and the writes run only while every key is still absent (the batch's watches): a key
/// that appeared in between aborts the write, and the next read sees it.
/// </summary>
internal static class MultiSetIfAbsent
{
    private const int MaxAttempts = 16;

    public static async ValueTask RunAsync(RespSession session, RespCommand command)
    {
        if (command.Count % 2 == 0)
        {
            session.Reply.Error(RespErrors.Arity("msetnx"));
            return;
        }

        var plan = new CachePlan(session.Services.Cache.Partitioner);
        var error = StringCommands.Each(command, plan, 1, 2, (key, i) => CacheOperation.Set(key, command.Memory(i + 1).ToArray()), CacheReplies.Ok);
        if (error is null && !plan.InOnePartition(0))
        {
            error = RespErrors.CrossSlot;
        }

        if (error is not null)
        {
            session.Reply.Error(error);
            return;
        }

        var sets = Enumerable.Range(0, plan.Count).Select(i => plan[i]).ToArray();
        var versions = sets.Select(s => CacheOperation.Version(s.Key)).ToArray();
        var absent = sets.Select(s => new CacheWatch(s.Key, 0)).ToArray();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (read, readError) = await CacheExecution.ExecuteAsync(session, "msetnx", versions, []);
            if (readError is not null || read!.Results.Any(r => r.Number != 0))
            {
                Reply(session, readError, 0);
                return;
            }

            var (write, writeError) = await CacheExecution.ExecuteAsync(session, "msetnx", sets, absent);
            if (writeError is not null || write!.Status == CacheBatchStatus.Executed)
            {
                Reply(session, writeError, 1);
                return;
            }
        }

        session.Reply.Error("TRYAGAIN the keys kept changing; nothing was set, retry");
    }

    private static void Reply(RespSession session, string? error, long result)
    {
        if (error is null)
        {
            session.Reply.Integer(result);
        }
        else
        {
            session.Reply.Error(error);
        }
    }
}

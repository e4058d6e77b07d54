using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Resp.Commands;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>
/// The cache commands of one connection waiting to run: pipelined commands are planned as they are read and run
/// together, one batch per partition, when the connection drains them (at the end of what it read, before any
/// other command, or when many are waiting). Their replies are then written in the order the commands came.
/// </summary>
internal sealed class CacheBatcher(CachePartitioner partitioner)
{
    /// <summary>Commands planned before they run, at most: bounds the memory one connection's pipeline takes.</summary>
    public const int MaxPendingCommands = 1024;

    private readonly CachePlan _plan = new(partitioner);
    private readonly List<Pending> _pending = [];

    public bool IsEmpty => _pending.Count == 0;

    public bool IsFull => _pending.Count >= MaxPendingCommands || _plan.Count >= CacheBatch.MaxOperations;

    /// <summary>Plans <paramref name="command"/>; an argument error becomes its reply, in its turn.</summary>
    public void Add(RespCommandSpec spec, RespCommand command)
    {
        var first = _plan.Count;
        _plan.Reply = null;
        var error = spec.Plan!(command, _plan);
        if (error is null)
        {
            _pending.Add(new Pending(_plan.Reply!, null, first, _plan.Count - first));
        }
        else
        {
            _plan.Truncate(first);
            _pending.Add(new Pending(null, error, first, 0));
        }
    }

    /// <summary>Runs what is planned and writes the replies in order.</summary>
    public async ValueTask DrainAsync(RespSession session)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var outcome = await CacheExecution.RunAsync(session, _plan);
        foreach (var pending in _pending)
        {
            if ((pending.Error ?? outcome.Error(pending.First, pending.Count)) is { } error)
            {
                session.Reply.Error(error);
            }
            else
            {
                pending.Reply!(session, outcome.Results(pending.First, pending.Count));
            }
        }

        _pending.Clear();
        _plan.Clear();
    }

    private readonly record struct Pending(CacheReply? Reply, string? Error, int First, int Count);
}

using GrainSystem.Api.Resp.Commands;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp;

/// <summary>
/// MULTI … EXEC of one connection: one state field with named transitions, the commands queued (copied out of the
/// input buffer), and the keys WATCH recorded with the versions they had.
/// </summary>
internal sealed class RespTransaction
{
    private readonly List<(RespCommandSpec Spec, RespCommand Command)> _queued = [];
    private readonly List<WatchedKey> _watched = [];

    public RespTransactionState State { get; private set; }

    public bool IsOpen => State != RespTransactionState.None;

    public IReadOnlyList<(RespCommandSpec Spec, RespCommand Command)> Queued => _queued;

    public IReadOnlyList<WatchedKey> Watched => _watched;

    /// <summary>MULTI: start queuing.</summary>
    public void Begin()
    {
        if (State != RespTransactionState.None)
        {
            throw new InvalidOperationException("A transaction is already open.");
        }

        State = RespTransactionState.Queuing;
    }

    /// <summary>Queues a command (its arguments copied) while the transaction is open.</summary>
    public void Queue(RespCommandSpec spec, RespCommand command)
    {
        if (State == RespTransactionState.None)
        {
            throw new InvalidOperationException("No transaction is open.");
        }

        _queued.Add((spec, command.Detach()));
    }

    /// <summary>A command could not be queued: EXEC will answer EXECABORT.</summary>
    public void Fail()
    {
        if (State == RespTransactionState.Queuing)
        {
            State = RespTransactionState.Failed;
        }
    }

    /// <summary>EXEC, DISCARD or RESET: forget the queue (the watched keys are forgotten separately, by <see cref="Unwatch"/>).</summary>
    public void Discard()
    {
        _queued.Clear();
        State = RespTransactionState.None;
    }

    public void Watch(WatchedKey key) => _watched.Add(key);

    public void Unwatch() => _watched.Clear();
}

using StackExchange.Redis;

namespace GrainSystem.Grains.Events;

/// <summary>
/// Tells a failed append that certainly stored nothing from one that may have landed. Only what the store itself says
/// counts as "nothing sent": a command not yet being written when its connection failed, or an error answer from Redis
/// (it did not run the command). Anything else — a command sent and unanswered, a timeout (even one that names a
/// command still queued: whether the client drops it then is its business), a storage write that failed half-way, an
/// unknown exception — may have landed.
/// </summary>
internal static class TopicStoreFailure
{
    public static bool NothingSent(Exception exception) => exception switch
    {
        RedisConnectionException connection => connection.CommandStatus == CommandStatus.WaitingToBeSent,
        RedisServerException => true,
        _ => false,
    };
}

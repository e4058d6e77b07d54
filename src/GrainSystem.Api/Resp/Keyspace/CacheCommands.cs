using GrainSystem.Api.Resp.Commands;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>Runs one planned cache command on its own, for when it cannot wait in the connection's batch.</summary>
internal static class CacheCommands
{
    public static ValueTask RunAsync(RespSession session, RespCommandSpec spec, RespCommand command)
    {
        session.Batcher.Add(spec, command);
        return session.Batcher.DrainAsync(session);
    }
}

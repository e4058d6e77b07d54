using System.Text;

namespace GrainSystem.Api.Resp;

/// <summary>The sections of INFO, in Redis's <c>field:value</c> lines.</summary>
internal static class RespInfo
{
    public static async ValueTask AppendAsync(StringBuilder text, string section, RespSession session)
    {
        var services = session.Services;
        var stats = services.Stats;
        switch (section)
        {
            case "server":
                var uptime = services.Time.GetUtcNow() - stats.Started;
                text.Append("# Server\r\n")
                    .Append("redis_version:").Append(RespServerInfo.RedisVersion).Append("\r\n")
                    .Append("redis_mode:standalone\r\n")
                    .Append("grainsystem_version:").Append(RespServerInfo.ProductVersion).Append("\r\n")
                    .Append("os:").Append(Environment.OSVersion.VersionString).Append("\r\n")
                    .Append("arch_bits:").Append(Environment.Is64BitProcess ? 64 : 32).Append("\r\n")
                    .Append("process_id:").Append(Environment.ProcessId).Append("\r\n")
                    .Append("tcp_port:").Append(services.Options.Port).Append("\r\n")
                    .Append("uptime_in_seconds:").Append((long)uptime.TotalSeconds).Append("\r\n")
                    .Append("uptime_in_days:").Append((long)uptime.TotalDays).Append("\r\n");
                break;
            case "clients":
                text.Append("# Clients\r\n")
                    .Append("connected_clients:").Append(stats.Connected).Append("\r\n")
                    .Append("maxclients:").Append(services.Options.MaxConnections).Append("\r\n");
                break;
            case "replication":
                text.Append("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n");
                break;
            case "stats":
                text.Append("# Stats\r\n")
                    .Append("total_connections_received:").Append(stats.ConnectionsReceived).Append("\r\n")
                    .Append("total_commands_processed:").Append(stats.Commands).Append("\r\n")
                    .Append("rejected_connections:").Append(stats.ConnectionsRejected).Append("\r\n")
                    .Append("keyspace_hits:").Append(stats.KeyspaceHits).Append("\r\n")
                    .Append("keyspace_misses:").Append(stats.KeyspaceMisses).Append("\r\n")
                    .Append("pubsub_channels:").Append(services.PubSub.ChannelCount).Append("\r\n")
                    .Append("pubsub_patterns:").Append(services.PubSub.PatternCount).Append("\r\n");
                break;
            case "keyspace":
                text.Append("# Keyspace\r\n");
                var keys = services.ClusterReached ? await Keyspace.KeyCommands.CountAsync(session) : 0;
                if (keys > 0)
                {
                    text.Append("db0:keys=").Append(keys).Append("\r\n");
                }

                break;
        }
    }
}

using System.Text;
using GrainSystem.Api.Resp.Protocol;
using static GrainSystem.Api.Resp.Commands.RespCommandFlags;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>INFO, COMMAND and a read-only CONFIG GET: what tools ask a server about itself.</summary>
internal static class ServerCommands
{
    public static IEnumerable<RespCommandSpec> Specs =>
    [
        new("INFO", -1, None, 0, 0, 0, "server", "1.0.0", "Returns information and statistics about the server.", Info),
        new("COMMAND", -1, None, 0, 0, 0, "server", "2.8.13", "Returns detailed information about all commands.", CommandCommands.DispatchAsync),
        new("CONFIG", -2, Admin, 0, 0, 0, "server", "2.0.0", "A container for server configuration commands.", ConfigCommands.DispatchAsync),
    ];

    private static readonly string[] DefaultSections = ["server", "clients", "replication", "stats", "keyspace"];

    private static async ValueTask Info(RespSession session, RespCommand command)
    {
        var sections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < command.Count; i++)
        {
            var name = command.Text(i);
            if (name is "all" or "everything" or "default")
            {
                sections.UnionWith(DefaultSections);
            }
            else
            {
                sections.Add(name);
            }
        }

        if (command.Count == 1)
        {
            sections.UnionWith(DefaultSections);
        }

        var text = new StringBuilder();
        foreach (var section in DefaultSections.Where(sections.Contains))
        {
            if (text.Length > 0)
            {
                text.Append("\r\n");
            }

            await RespInfo.AppendAsync(text, section, session);
        }

        session.Reply.Verbatim(text.ToString());
    }
}

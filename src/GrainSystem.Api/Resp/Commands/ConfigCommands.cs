using System.Globalization;
using System.Text;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>
/// CONFIG GET over the few Redis parameters that mean something here (benchmarks and tools read <c>save</c> and
/// <c>appendonly</c>); the endpoint's settings come from configuration, so there is no CONFIG SET.
/// </summary>
internal static class ConfigCommands
{
    private static readonly RespSubcommands Subcommands = new("config",
    [
        ("GET", -3, Get),
    ],
    [
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
    ]);

    public static ValueTask DispatchAsync(RespSession session, RespCommand command) => Subcommands.DispatchAsync(session, command);

    private static ValueTask Get(RespSession session, RespCommand command)
    {
        var services = session.Services;
        (string Name, string Value)[] parameters =
        [
            ("appendonly", "no"),
            ("bind", services.Options.ListenAddress),
            ("databases", "1"),
            ("maxclients", services.Options.MaxConnections.ToString(CultureInfo.InvariantCulture)),
            ("port", services.Options.Port.ToString(CultureInfo.InvariantCulture)),
            ("proto-max-bulk-len", services.Limits.MaxBulkBytes.ToString(CultureInfo.InvariantCulture)),
            ("save", ""),
            ("timeout", "0"),
        ];
        var matches = parameters
            .Where(p => Enumerable.Range(2, command.Count - 2).Any(i => RespGlob.IsMatch(command[i], Encoding.ASCII.GetBytes(p.Name), ignoreCase: true)))
            .ToList();
        session.Reply.Map(matches.Count);
        foreach (var (name, value) in matches)
        {
            session.Reply.Bulk(name);
            session.Reply.Bulk(value);
        }

        return default;
    }
}

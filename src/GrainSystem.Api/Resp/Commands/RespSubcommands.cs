using System.Collections.Frozen;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>
/// The subcommands of a container command (CLIENT, COMMAND, CONFIG): found by the second argument, their argument
/// counts checked as Redis does, naming them <c>container|sub</c> in errors.
/// </summary>
internal sealed class RespSubcommands
{
    private readonly FrozenDictionary<string, (int Arity, RespHandler Handler)> _byName;
    private readonly string _container;
    private readonly string[] _help;

    public RespSubcommands(string container, IEnumerable<(string Name, int Arity, RespHandler Handler)> subcommands, string[] help)
    {
        _container = container;
        _byName = subcommands.ToFrozenDictionary(s => s.Name, s => (s.Arity, s.Handler), StringComparer.OrdinalIgnoreCase);
        _help = help;
    }

    public IEnumerable<string> Names => _byName.Keys;

    public ValueTask DispatchAsync(RespSession session, RespCommand command)
    {
        var name = command.Text(1);
        if (string.Equals(name, "HELP", StringComparison.OrdinalIgnoreCase) && command.Count == 2)
        {
            WriteHelp(session.Reply);
            return default;
        }

        if (!_byName.TryGetValue(name, out var sub))
        {
            session.Reply.Error(RespErrors.UnknownSubcommand(command));
            return default;
        }

        if (sub.Arity >= 0 ? command.Count != sub.Arity : command.Count < -sub.Arity)
        {
            session.Reply.Error(RespErrors.Arity($"{_container}|{name.ToLowerInvariant()}"));
            return default;
        }

        return sub.Handler(session, command);
    }

    /// <summary>Redis's HELP layout: a header line, the lines given, and the HELP line itself.</summary>
    private void WriteHelp(RespWriter reply)
    {
        reply.Array(_help.Length + 3);
        reply.Simple($"{_container.ToUpperInvariant()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        foreach (var line in _help)
        {
            reply.Simple(line);
        }

        reply.Simple("HELP");
        reply.Simple("    Print this help.");
    }
}

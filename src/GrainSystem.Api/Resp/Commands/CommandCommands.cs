using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>COMMAND, COMMAND COUNT, INFO, DOCS and LIST, in Redis 7's reply shapes, from the command table.</summary>
internal static class CommandCommands
{
    private static readonly RespSubcommands Subcommands = new("command",
    [
        ("COUNT", 2, Count),
        ("INFO", -2, Info),
        ("DOCS", -2, Docs),
        ("LIST", 2, List),
    ],
    [
        "(no subcommand)",
        "    Return details about all commands.",
        "COUNT",
        "    Return the total number of commands in this server.",
        "LIST",
        "    Return a list of all commands in this server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
    ]);

    public static ValueTask DispatchAsync(RespSession session, RespCommand command)
    {
        if (command.Count > 1)
        {
            return Subcommands.DispatchAsync(session, command);
        }

        var reply = session.Reply;
        reply.Array(RespCommandTable.Count);
        foreach (var spec in RespCommandTable.All)
        {
            WriteInfo(reply, spec);
        }

        return default;
    }

    private static ValueTask Count(RespSession session, RespCommand command)
    {
        session.Reply.Integer(RespCommandTable.Count);
        return default;
    }

    private static ValueTask List(RespSession session, RespCommand command)
    {
        session.Reply.Array(RespCommandTable.Count);
        foreach (var spec in RespCommandTable.All)
        {
            session.Reply.Bulk(spec.DisplayName);
        }

        return default;
    }

    private static ValueTask Info(RespSession session, RespCommand command)
    {
        var reply = session.Reply;
        reply.Array(command.Count - 2);
        for (var i = 2; i < command.Count; i++)
        {
            if (RespCommandTable.TryFind(command[i], out var spec))
            {
                WriteInfo(reply, spec);
            }
            else
            {
                reply.NullArray();
            }
        }

        return default;
    }

    private static ValueTask Docs(RespSession session, RespCommand command)
    {
        var reply = session.Reply;
        var specs = command.Count == 2
            ? [.. RespCommandTable.All]
            : Enumerable.Range(2, command.Count - 2)
                .Select(i => RespCommandTable.TryFind(command[i], out var spec) ? spec : null)
                .OfType<RespCommandSpec>()
                .ToList();
        reply.Map(specs.Count);
        foreach (var spec in specs)
        {
            reply.Bulk(spec.DisplayName);
            reply.Map(4);
            reply.Bulk("summary"u8);
            reply.Bulk(spec.Summary);
            reply.Bulk("since"u8);
            reply.Bulk(spec.Since);
            reply.Bulk("group"u8);
            reply.Bulk(spec.Group);
            reply.Bulk("arguments"u8);
            reply.Array(0);
        }

        return default;
    }

    /// <summary>Redis 7's ten fields: name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands.</summary>
    private static void WriteInfo(RespWriter reply, RespCommandSpec spec)
    {
        reply.Array(10);
        reply.Bulk(spec.DisplayName);
        reply.Integer(spec.Arity);
        var flags = FlagNames(spec).ToList();
        reply.Set(flags.Count);
        foreach (var flag in flags)
        {
            reply.Simple(flag);
        }

        reply.Integer(spec.FirstKey);
        reply.Integer(spec.LastKey);
        reply.Integer(spec.KeyStep);
        var categories = Categories(spec).ToList();
        reply.Set(categories.Count);
        foreach (var category in categories)
        {
            reply.Simple(category);
        }

        reply.Array(0);
        reply.Array(0);
        reply.Array(0);
    }

    private static IEnumerable<string> FlagNames(RespCommandSpec spec)
    {
        if (spec.Has(RespCommandFlags.Write))
        {
            yield return "write";
            yield return "denyoom";
        }

        if (spec.Has(RespCommandFlags.ReadOnly))
        {
            yield return "readonly";
        }

        if (spec.Has(RespCommandFlags.Admin))
        {
            yield return "admin";
        }

        if (spec.Group == "pubsub")
        {
            yield return "pubsub";
        }

        if (spec.Has(RespCommandFlags.NoAuth))
        {
            yield return "no_auth";
        }

        if (spec.Has(RespCommandFlags.Blocking))
        {
            yield return "blocking";
        }

        if (!spec.Has(RespCommandFlags.Queueable) && !spec.Has(RespCommandFlags.TransactionControl))
        {
            yield return "no_multi";
        }

        if (spec.Has(RespCommandFlags.Fast))
        {
            yield return "fast";
        }
    }

    private static IEnumerable<string> Categories(RespCommandSpec spec)
    {
        yield return "@" + spec.Group switch
        {
            "generic" => "keyspace",
            "transactions" => "transaction",
            "server" => "admin",
            var group => group,
        };
        if (spec.Has(RespCommandFlags.Write))
        {
            yield return "@write";
        }

        if (spec.Has(RespCommandFlags.ReadOnly))
        {
            yield return "@read";
        }

        yield return spec.Has(RespCommandFlags.Fast) ? "@fast" : "@slow";
    }
}

using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>CLIENT SETNAME, GETNAME, ID, INFO, SETINFO.</summary>
internal static class ClientCommands
{
    private static readonly RespSubcommands Subcommands = new("client",
    [
        ("SETNAME", 3, SetName),
        ("GETNAME", 2, GetName),
        ("ID", 2, Id),
        ("INFO", 2, Info),
        ("SETINFO", 4, SetInfo),
    ],
    [
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "SETINFO <option> <value>",
        "    Set client meta attr. Options are:",
        "    * LIB-NAME: the client lib name.",
        "    * LIB-VER: the client lib version.",
    ]);

    public static ValueTask DispatchAsync(RespSession session, RespCommand command) => Subcommands.DispatchAsync(session, command);

    /// <summary>Redis's rule for names and library attributes: printable ASCII without spaces, so CLIENT INFO splits on spaces.</summary>
    public static bool IsValidAttribute(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b is < (byte)'!' or > (byte)'~')
            {
                return false;
            }
        }

        return true;
    }

    private static ValueTask SetName(RespSession session, RespCommand command)
    {
        if (!IsValidAttribute(command[2]))
        {
            session.Reply.Error("ERR Client names cannot contain spaces, newlines or special characters.");
        }
        else
        {
            session.Name = command[2].IsEmpty ? null : command.Text(2);
            session.Reply.Ok();
        }

        return default;
    }

    private static ValueTask GetName(RespSession session, RespCommand command)
    {
        if (session.Name is null)
        {
            session.Reply.Null();
        }
        else
        {
            session.Reply.Bulk(session.Name);
        }

        return default;
    }

    private static ValueTask Id(RespSession session, RespCommand command)
    {
        session.Reply.Integer(session.Id);
        return default;
    }

    private static ValueTask SetInfo(RespSession session, RespCommand command)
    {
        var attribute = command.Text(2);
        var isName = string.Equals(attribute, "lib-name", StringComparison.OrdinalIgnoreCase);
        if (!isName && !string.Equals(attribute, "lib-ver", StringComparison.OrdinalIgnoreCase))
        {
            session.Reply.Error($"ERR Unrecognized option '{attribute}'");
            return default;
        }

        if (!IsValidAttribute(command[3]))
        {
            session.Reply.Error($"ERR {attribute} cannot contain spaces, newlines or special characters.");
            return default;
        }

        var value = command[3].IsEmpty ? null : command.Text(3);
        if (isName)
        {
            session.LibraryName = value;
        }
        else
        {
            session.LibraryVersion = value;
        }

        session.Reply.Ok();
        return default;
    }

    /// <summary>CLIENT INFO in Redis's field order, with the fields this endpoint keeps.</summary>
    private static ValueTask Info(RespSession session, RespCommand command)
    {
        var now = session.Services.Time.GetUtcNow();
        var subscriber = session.Subscriber;
        var transaction = session.Transaction;
        var line = $"id={session.Id} addr={session.Address} name={session.Name} "
            + $"age={(long)(now - session.Connected).TotalSeconds} db=0 "
            + $"sub={subscriber?.ChannelCount ?? 0} psub={subscriber?.PatternCount ?? 0} "
            + $"multi={(transaction.IsOpen ? transaction.Queued.Count : -1)} watch={transaction.Watched.Count} "
            + $"cmd={session.LastCommand} user=default resp={session.Reply.Protocol} "
            + $"lib-name={session.LibraryName} lib-ver={session.LibraryVersion}\n";
        session.Reply.Verbatim(line);
        return default;
    }
}

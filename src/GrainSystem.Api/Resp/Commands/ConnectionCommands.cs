using System.Text;
using GrainSystem.Api.Resp.Protocol;
using static GrainSystem.Api.Resp.Commands.RespCommandFlags;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET: the connection's own commands, as Redis answers them.</summary>
internal static class ConnectionCommands
{
    public static IEnumerable<RespCommandSpec> Specs =>
    [
        new("PING", -1, Fast | Subscribed | Queueable, 0, 0, 0, "connection", "1.0.0", "Returns the server's liveliness response.", Ping),
        new("ECHO", 2, Fast | Queueable, 0, 0, 0, "connection", "1.0.0", "Returns the given string.", Echo),
        new("HELLO", -1, Fast | NoAuth, 0, 0, 0, "connection", "6.0.0", "Handshakes with the Redis server.", Hello),
        new("AUTH", -2, Fast | NoAuth, 0, 0, 0, "connection", "1.0.0", "Authenticates the connection.", Auth),
        new("SELECT", 2, Fast, 0, 0, 0, "connection", "1.0.0", "Changes the selected database.", Select),
        new("QUIT", -1, Fast | NoAuth | Subscribed | TransactionControl, 0, 0, 0, "connection", "1.0.0", "Closes the connection.", Quit),
        new("RESET", 1, Fast | NoAuth | Subscribed | TransactionControl, 0, 0, 0, "connection", "6.2.0", "Resets the connection.", Reset),
        new("CLIENT", -2, None, 0, 0, 0, "connection", "2.4.0", "A container for client connection commands.", ClientCommands.DispatchAsync),
    ];

    private static ValueTask Ping(RespSession session, RespCommand command)
    {
        var reply = session.Reply;
        if (command.Count > 2)
        {
            reply.Error(RespErrors.Arity("ping"));
        }
        else if (session.InSubscribedMode)
        {
            // RESP2 subscribed mode: a push-shaped ["pong", message] so clients can tell it from a message.
            reply.Array(2);
            reply.Bulk("pong"u8);
            reply.Bulk(command.Count == 2 ? command[1] : []);
        }
        else if (command.Count == 2)
        {
            reply.Bulk(command[1]);
        }
        else
        {
            reply.Raw("+PONG\r\n"u8);
        }

        return default;
    }

    private static ValueTask Echo(RespSession session, RespCommand command)
    {
        session.Reply.Bulk(command[1]);
        return default;
    }

    private static ValueTask Select(RespSession session, RespCommand command)
    {
        if (!RespInteger.TryParse(command[1], out var index) || index is < int.MinValue or > int.MaxValue)
        {
            session.Reply.Error(RespErrors.NotInteger);
        }
        else if (index != 0)
        {
            session.Reply.Error("ERR DB index is out of range");
        }
        else
        {
            session.Reply.Ok();
        }

        return default;
    }

    private static ValueTask Quit(RespSession session, RespCommand command)
    {
        session.Reply.Ok();
        session.CloseRequested = true;
        return default;
    }

    private static async ValueTask Reset(RespSession session, RespCommand command)
    {
        await session.ResetAsync();
        session.Reply.Simple("RESET"u8);
    }

    private static ValueTask Auth(RespSession session, RespCommand command)
    {
        var reply = session.Reply;
        if (command.Count > 3)
        {
            reply.Error(RespErrors.Syntax);
            return default;
        }

        if (command.Count == 2 && !session.Services.AuthenticationRequired)
        {
            reply.Error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
            return default;
        }

        if (TryAuthenticate(session, command.Count == 3 ? command[1] : "default"u8, command[command.Count - 1]))
        {
            reply.Ok();
        }
        else
        {
            reply.Error(RespErrors.WrongPass);
        }

        return default;
    }

    /// <summary>
    /// The only user is <c>default</c>, whose passwords are the API keys (any password when none is configured, as
    /// Redis's passwordless default user).
    /// </summary>
    private static bool TryAuthenticate(RespSession session, ReadOnlySpan<byte> user, ReadOnlySpan<byte> password)
    {
        var services = session.Services;
        var accepted = Ascii.Equals(user, "default"u8)
            && (!services.AuthenticationRequired || services.ApiKeys.Accepts(Encoding.UTF8.GetString(password)));
        if (accepted)
        {
            session.Authenticated = true;
        }

        return accepted;
    }

    private static ValueTask Hello(RespSession session, RespCommand command)
    {
        var reply = session.Reply;
        long version = 0;
        var next = 1;
        if (command.Count >= 2)
        {
            if (!RespInteger.TryParse(command[next++], out version))
            {
                reply.Error("ERR Protocol version is not an integer or out of range");
                return default;
            }

            if (version is < 2 or > 3)
            {
                reply.Error("NOPROTO unsupported protocol version");
                return default;
            }
        }

        int? authUser = null;
        int? name = null;
        for (var i = next; i < command.Count; i++)
        {
            var more = command.Count - 1 - i;
            if (command.Is(i, "AUTH"u8) && more >= 2)
            {
                authUser = i + 1;
                i += 2;
            }
            else if (command.Is(i, "SETNAME"u8) && more >= 1)
            {
                if (!ClientCommands.IsValidAttribute(command[i + 1]))
                {
                    reply.Error("ERR Client names cannot contain spaces, newlines or special characters.");
                    return default;
                }

                name = i + 1;
                i++;
            }
            else
            {
                reply.Error($"ERR Syntax error in HELLO option '{command.Text(i)}'");
                return default;
            }
        }

        if (authUser is { } u && !TryAuthenticate(session, command[u], command[u + 1]))
        {
            reply.Error(RespErrors.WrongPass);
            return default;
        }

        if (!session.Authenticated)
        {
            reply.Error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
            return default;
        }

        if (name is { } n)
        {
            session.Name = command[n].IsEmpty ? null : command.Text(n);
        }

        if (version != 0)
        {
            reply.Protocol = (int)version;
        }

        reply.Map(7);
        reply.Bulk("server"u8);
        reply.Bulk("redis"u8);
        reply.Bulk("version"u8);
        reply.Bulk(RespServerInfo.RedisVersion);
        reply.Bulk("proto"u8);
        reply.Integer(reply.Protocol);
        reply.Bulk("id"u8);
        reply.Integer(session.Id);
        reply.Bulk("mode"u8);
        reply.Bulk("standalone"u8);
        reply.Bulk("role"u8);
        reply.Bulk("master"u8);
        reply.Bulk("modules"u8);
        reply.Array(0);
        return default;
    }
}

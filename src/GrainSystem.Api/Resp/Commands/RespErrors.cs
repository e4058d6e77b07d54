using System.Text;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>Redis's error replies, word for word, in one place.</summary>
internal static class RespErrors
{
    public const string Syntax = "ERR syntax error";
    public const string NotInteger = "ERR value is not an integer or out of range";
    public const string Overflow = "ERR increment or decrement would overflow";
    public const string NoAuth = "NOAUTH Authentication required.";
    public const string WrongPass = "WRONGPASS invalid username-password pair or user is disabled.";
    public const string CrossSlot = "CROSSSLOT Keys in request don't hash to the same slot";
    public const string NotAllowedInMulti = "ERR Command not allowed inside a transaction";
    public const string ExecAbort = "EXECABORT Transaction discarded because of previous errors.";
    public const string MaxClients = "ERR max number of clients reached";

    public static string Arity(string name) => $"ERR wrong number of arguments for '{name}' command";

    public static string UnknownSubcommand(RespCommand command) =>
        $"ERR unknown subcommand '{Truncate(command.Text(1), 128)}'. Try {command.Text(0).ToUpperInvariant()} HELP.";

    public static string InvalidExpire(string command) => $"ERR invalid expire time in '{command}' command";

    /// <summary>Redis's reply to an unknown command: its name and its first arguments, 128 characters at most.</summary>
    public static string UnknownCommand(RespCommand command)
    {
        var arguments = new StringBuilder();
        for (var i = 1; i < command.Count && arguments.Length < 128; i++)
        {
            var room = 128 - arguments.Length;
            arguments.Append('\'').Append(Truncate(command.Text(i), room)).Append("' ");
        }

        return $"ERR unknown command '{Truncate(command.Text(0), 128)}', with args beginning with: {arguments}";
    }

    /// <summary>Redis's reply in RESP2 subscribed mode to a command other than the pub/sub ones.</summary>
    public static string OnlyPubSub(string name) =>
        $"ERR Can't execute '{name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

using Orleans.Storage;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>
/// The error reply for a command that failed unexpectedly (the cluster did not answer, a silo was lost). A command
/// that only reads, or a failure known to have changed nothing, answers <c>-TRYAGAIN</c>: retrying is safe. A write
/// whose call may have reached the cluster answers <c>-ERR outcome unknown</c>: it may have been applied.
/// </summary>
internal static partial class RespFailures
{
    public static string Describe(RespServices services, RespCommandSpec spec, Exception exception)
    {
        var logger = services.Logger;
        switch (exception)
        {
            case ArgumentException argument:
                return "ERR " + argument.Message;
            case InconsistentStateException:
                return "TRYAGAIN another activation of this item is stepping down; nothing changed, retry";
            case TimeoutException or OrleansException when !spec.Has(RespCommandFlags.Write):
                LogUnavailable(logger, spec.DisplayName, exception.Message);
                return "TRYAGAIN the cluster did not answer; nothing changed, retry";
            case TimeoutException or OrleansException:
                LogUnavailable(logger, spec.DisplayName, exception.Message);
                return "ERR outcome unknown: the cluster did not answer; the command may have been applied";
            default:
                LogFailed(logger, exception, spec.DisplayName);
                return "ERR internal error; see the server's log";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RESP command {Command}: the cluster did not answer ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string command, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "RESP command {Command} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string command);
}

using GrainSystem.Api.Http;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>
/// The error reply for a command that failed unexpectedly, classified as HTTP's 503s are (<see cref="FailureClassifier"/>):
/// refused, nothing changed, answers <c>-TRYAGAIN</c> (retrying is safe); a write that was sent and may have landed
/// answers <c>-ERR outcome unknown</c>; a bound the endpoint did not check answers <c>-ERR</c> with its message.
/// </summary>
internal static partial class RespFailures
{
    public const string Refused = "TRYAGAIN the cluster did not take the command; nothing changed, retry";
    public const string OutcomeUnknown = "ERR outcome unknown: the cluster did not answer; the command may have been applied";
    public const string NotConnected = "TRYAGAIN the API has not reached the cluster yet; nothing changed, retry";

    public static string Describe(RespServices services, RespCommandSpec spec, Exception exception) =>
        Describe(services, spec.DisplayName, spec.Has(RespCommandFlags.Write), exception);

    public static string Describe(RespServices services, string command, bool write, Exception exception)
    {
        if (FailureClassifier.IsArgumentError(exception, out _, out var message))
        {
            return "ERR " + message;
        }

        var kind = FailureClassifier.Classify(exception, write);
        if (kind is null)
        {
            LogFailed(services.Logger, exception, command);
            return "ERR internal error; see the server's log";
        }

        LogUnavailable(services.Logger, command, kind.Value, exception.Message);
        return kind == Unavailability.OutcomeUnknown ? OutcomeUnknown : Refused;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RESP command {Command}: {Kind} ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string command, Unavailability kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "RESP command {Command} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string command);
}

using Orleans.Persistence.Redis;
using Orleans.Runtime.Messaging;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace GrainSystem.Api.Http;

/// <summary>
/// Decides what an exception escaping a request tells its caller. A call that never reached a grain (no gateway,
/// rejected, a stale activation's storage conflict) changed nothing: refused. A call that was sent and whose answer
/// did not come (a grain-call or Redis timeout, a silo that died holding it, a storage write that failed mid-way)
/// may have landed: for a write the outcome is unknown. A read changes nothing either way. A failure inside a silo
/// that arrives as an exception the client cannot rebuild is taken as "may have landed" too (the safe default).
/// </summary>
public static class FailureClassifier
{
    private const string SiloDiedHoldingTheCall = "The target silo became unavailable for message";
    private const string LocalHostShuttingDown = "The local Orleans host is shutting down";
    private const string StorageReadFailed = "Failed to read grain state";
    private const string RegisteredOnDeadSilo = " on invalid silo: ";
    private const string PlacementExpired = "Message expired before placement could complete";

    /// <summary>The kind of 503 <paramref name="exception"/> calls for, or null when it is no unavailability.</summary>
    public static Unavailability? Classify(Exception exception, bool write)
    {
        Unavailability? found = null;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var kind = KindOf(e);
            if (kind == Unavailability.OutcomeUnknown)
            {
                return write ? Unavailability.OutcomeUnknown : Unavailability.Refused;
            }

            found ??= kind;
        }

        return found;
    }

    /// <summary>True for HTTP methods that may change state.</summary>
    public static bool IsWrite(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    /// <summary>
    /// An argument error that escaped a grain (a bound the edge did not check): the request is wrong, so 400
    /// naming the argument, never 500.
    /// </summary>
    public static bool IsArgumentError(Exception exception, out string field, out string message)
    {
        switch (exception)
        {
            case ArgumentException argument:
                field = string.IsNullOrEmpty(argument.ParamName) ? "request" : argument.ParamName;
                message = WithoutParameterSuffix(argument.Message, argument.ParamName);
                return true;
            case UnavailableExceptionFallbackException fallback when fallback.ExceptionType?.StartsWith("System.Argument", StringComparison.Ordinal) == true:
                field = "request";
                message = fallback.Message;
                return true;
            default:
                field = message = "";
                return false;
        }
    }

    private static Unavailability? KindOf(Exception e) => e switch
    {
        // Sent, and no answer: the grain or Redis may have done it.
        TimeoutException => Unavailability.OutcomeUnknown,
        SiloUnavailableException when e.Message.StartsWith(SiloDiedHoldingTheCall, StringComparison.Ordinal)
            || e.Message.StartsWith(LocalHostShuttingDown, StringComparison.Ordinal) => Unavailability.OutcomeUnknown,
        RedisConnectionException connection => connection.CommandStatus == CommandStatus.WaitingToBeSent
            ? Unavailability.Refused : Unavailability.OutcomeUnknown,
        RedisStorageException => e.Message.StartsWith(StorageReadFailed, StringComparison.Ordinal)
            ? Unavailability.Refused : Unavailability.OutcomeUnknown,

        // Never reached a grain, or a stale duplicate activation whose ETag-checked write changed nothing.
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
            or GatewayTooBusyException or ClientNotAvailableException or InconsistentStateException => Unavailability.Refused,

        // The call waited for its grain's placement (a directory or membership read, during a Redis freeze, say) longer
        // than its response timeout and was dropped before it was sent to any activation.
        OperationCanceledException when e.Message.StartsWith(PlacementExpired, StringComparison.Ordinal) => Unavailability.Refused,

        // A silo its peers declared dead (paused, then running again until it learns so) activated the grain and could
        // not register the activation: the activation was dropped before any grain code ran.
        OrleansException when e.Message.StartsWith("Trying to register ", StringComparison.Ordinal)
            && e.Message.Contains(RegisteredOnDeadSilo, StringComparison.Ordinal) => Unavailability.Refused,

        // A failure inside a silo that the client cannot rebuild (its type is not known here), or one the silo could not
        // serialize: features answer their expected failures as result statuses, so this is an unexpected one, and
        // nothing says whether a write got done. The safe answer: outcome unknown for a write, refused for a read.
        // The same for any other failure of the Orleans runtime (an activation racing a silo's death, say).
        UnavailableExceptionFallbackException or Orleans.Serialization.CodecNotFoundException or OrleansException => Unavailability.OutcomeUnknown,
        _ => null,
    };

    private static string WithoutParameterSuffix(string message, string? parameter)
    {
        var suffix = $" (Parameter '{parameter}')";
        return parameter is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }
}

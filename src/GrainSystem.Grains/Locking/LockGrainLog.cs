using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Locking;

/// <summary>What <see cref="LockGrain"/> logs. Owner tokens never appear: only names, owner labels and fencing tokens.</summary>
internal static partial class LockGrainLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Lock {Name} granted to {Owner} with fencing token {FencingToken} until {ExpiresAt}")]
    public static partial void Granted(ILogger logger, string name, string owner, long fencingToken, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lock {Name} released by {Owner} (fencing token {FencingToken})")]
    public static partial void Released(ILogger logger, string name, string owner, long fencingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lock {Name}: the lease of {Owner} (fencing token {FencingToken}) ended unrenewed")]
    public static partial void Expired(ILogger logger, string name, string owner, long fencingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock {Name}: the end of a lease could not be stored; a later activation may hold the lapsed grant for one more lease")]
    public static partial void LapseNotStored(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock {Name}: the stored state changed behind this activation (a duplicate activation); nothing granted, deactivating")]
    public static partial void StaleActivation(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock {Name}: the lease/waiter timer failed; retrying in 1 s")]
    public static partial void TimerFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lock {Name}: the call granted fencing token {FencingToken} was cancelled while its grant was written; released")]
    public static partial void GrantAbandoned(ILogger logger, string name, long fencingToken);
}

using GrainSystem.Abstractions.Jobs;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Jobs;

/// <summary>The log messages of a job grain and the parts it delegates to (all under the <see cref="JobGrain"/> category).</summary>
internal static partial class JobLogMessages
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} accepted: operation {Operation}, {Items} items in {Chunks} chunks")]
    public static partial void LogAccepted(this ILogger logger, string jobId, string operation, int items, int chunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} resumed with {Completed} of {Chunks} chunks already done")]
    public static partial void LogResumed(this ILogger logger, string jobId, int completed, int chunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} completed: {Chunks} chunks, {Retries} retries")]
    public static partial void LogCompleted(this ILogger logger, string jobId, int chunks, int retries);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} cancelled with {Completed} of {Chunks} chunks done")]
    public static partial void LogCancelled(this ILogger logger, string jobId, int completed, int chunks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed: chunk {Chunk}, attempt {Attempt}: {Error}")]
    public static partial void LogFailed(this ILogger logger, string jobId, int chunk, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: chunk {Chunk} attempt {Attempt} failed, retrying in {DelayMs:0} ms: {Error}")]
    public static partial void LogRetry(this ILogger logger, string jobId, int chunk, int attempt, double delayMs, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: writing the {What} failed")]
    public static partial void LogStorageFailed(this ILogger logger, Exception exception, string jobId, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: cancelling its chunks failed ({Where})")]
    public static partial void LogSignalFailed(this ILogger logger, Exception exception, string jobId, string where);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: another activation wrote first; this one stops and deactivates")]
    public static partial void LogAbandoned(this ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: chunk {Chunk} had stalled (no result, not in flight); sent again")]
    public static partial void LogRequeued(this ILogger logger, string jobId, int chunk);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({State}, finished at {FinishedAt}) reached the end of its retention; deleting it")]
    public static partial void LogExpiring(this ILogger logger, string jobId, JobState state, DateTimeOffset? finishedAt);
}

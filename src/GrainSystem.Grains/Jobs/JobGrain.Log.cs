using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Jobs;

public sealed partial class JobGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} accepted: operation {Operation}, {Items} items in {Chunks} chunks")]
    private static partial void LogAccepted(ILogger logger, string jobId, string operation, int items, int chunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} resumed with {Completed} of {Chunks} chunks already done")]
    private static partial void LogResumed(ILogger logger, string jobId, int completed, int chunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} completed: {Chunks} chunks, {Retries} retries")]
    private static partial void LogCompleted(ILogger logger, string jobId, int chunks, int retries);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} cancelled with {Completed} of {Chunks} chunks done")]
    private static partial void LogCancelled(ILogger logger, string jobId, int completed, int chunks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed: chunk {Chunk}, attempt {Attempt}: {Error}")]
    private static partial void LogFailed(ILogger logger, string jobId, int chunk, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: chunk {Chunk} attempt {Attempt} failed, retrying in {DelayMs:0} ms: {Error}")]
    private static partial void LogRetry(ILogger logger, string jobId, int chunk, int attempt, double delayMs, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: writing the {What} failed")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception, string jobId, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: cancelling its chunks failed ({Where})")]
    private static partial void LogSignalFailed(ILogger logger, Exception exception, string jobId, string where);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: another activation wrote first; this one stops and deactivates")]
    private static partial void LogAbandoned(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: chunk {Chunk} had stalled (no result, not in flight); sent again")]
    private static partial void LogRequeued(ILogger logger, string jobId, int chunk);
}

using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// Taking a partition's epoch on activation, retried a few times with a short backoff when the Redis call times out or is
/// cancelled under load. Retrying is safe: an epoch taken by an attempt whose reply was lost is merely superseded by the
/// next one. The caller's own cancellation is never retried; after the last attempt the activation fails.
/// </summary>
internal static partial class CacheEpochAcquire
{
    /// <summary>How many times the epoch is asked for at most.</summary>
    public const int Attempts = 4;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);

    public static async Task<(long Epoch, long PredecessorLeaseMs)> RunAsync(
        Func<Task<(long Epoch, long PredecessorLeaseMs)>> acquire, int partition, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await acquire();
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken))
            {
                if (attempt == Attempts)
                {
                    LogGaveUp(logger, partition, attempt, ex.GetType().Name, ex.Message);
                    throw new InvalidOperationException(
                        $"Cache partition {partition} could not take its epoch in Redis: {Attempts} attempts timed out or were cancelled.", ex);
                }

                LogRetrying(logger, partition, attempt, Attempts, (long)backoff.TotalMilliseconds, ex.GetType().Name, ex.Message);
            }

            await Task.Delay(backoff, time, cancellationToken);
            backoff *= 2;
        }
    }

    // A timeout or a cancellation of the Redis call itself; not the caller giving up.
    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Cache partition {Partition}: taking an epoch in Redis failed on attempt {Attempt} of {Attempts} ({ErrorType}: {Reason}); retrying in {BackoffMs} ms")]
    private static partial void LogRetrying(ILogger logger, int partition, int attempt, int attempts, long backoffMs, string errorType, string reason);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Cache partition {Partition}: taking an epoch in Redis failed on attempt {Attempt}, the last ({ErrorType}: {Reason}); the activation fails")]
    private static partial void LogGaveUp(ILogger logger, int partition, int attempt, string errorType, string reason);
}

namespace GrainSystem.Client.Events;

/// <summary>
/// Retries a grain call that failed for a reason that passes (a silo failing over, a timeout, Redis briefly
/// away), with exponential backoff, so one failed call does not end a subscription.
/// </summary>
internal static class TransientRetry
{
    public const int MaxAttempts = 8;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    public static async Task<T> CallAsync<T>(Func<Task<T>> call, Action<Exception, int> onRetry, CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(cancellationToken);
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsTransient(ex, cancellationToken))
            {
                onRetry(ex, attempt);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }

    /// <summary>Anything but our own cancellation and a bad argument (a bug that a retry does not fix).</summary>
    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && ex is not (ArgumentException or OperationCanceledException { CancellationToken.IsCancellationRequested: true });
}

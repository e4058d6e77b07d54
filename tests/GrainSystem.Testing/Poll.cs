using System.Diagnostics;

namespace GrainSystem.Testing;

/// <summary>Waits for a condition with a deadline, and says what it waited for when it gives up.</summary>
public static class Poll
{
    /// <summary>
    /// Evaluates <paramref name="condition"/> every <paramref name="interval"/> (50 ms by default) until it is true, and
    /// returns how long that took. An exception from the condition counts as false; past <paramref name="timeout"/> a
    /// <see cref="TimeoutException"/> names <paramref name="what"/> and the last such exception.
    /// </summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what,
        TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await condition())
                {
                    return clock.Elapsed;
                }

                last = null;
            }
            catch (Exception ex)
            {
                last = ex;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"Waited {timeout.TotalSeconds:0.#} s for {what}" + (last is null ? "" : $"; last error: {last.GetType().Name}: {last.Message}"), last);
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    public static Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null,
        CancellationToken cancellationToken = default) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, interval, cancellationToken);
}

using System.Diagnostics;

namespace GrainSystem.Testing;

/// <summary>Waits for a condition with a deadline, and says what it waited for when it gives up.</summary>
public static class Poll
{
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what,
        TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (true)
        {
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

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, interval);
}

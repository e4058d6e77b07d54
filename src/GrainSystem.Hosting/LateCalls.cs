namespace GrainSystem.Hosting;

/// <summary>Calls left running past their caller's deadline.</summary>
public static class LateCalls
{
    private static readonly Action<Task> Observe = task => _ = task.Exception;

    /// <summary>
    /// Lets <paramref name="call"/> finish on its own and drops its late failure (observed, so it is never reported as
    /// unobserved): the caller already answered "outcome unknown".
    /// </summary>
    public static void LeaveRunning(Task call) =>
        _ = call.ContinueWith(Observe, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}

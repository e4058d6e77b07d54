namespace GrainSystem.FaultTests.Workload;

/// <summary>A client's think time or back-off: ends early, without throwing, when the client is told to stop.</summary>
public static class Pause
{
    public static async Task ForAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the caller's loop sees the token.
        }
    }
}

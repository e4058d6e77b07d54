namespace GrainSystem.Grains.Jobs;

/// <summary>
/// Exponential backoff with "equal jitter": the n-th retry waits a random time in [d/2, d] where
/// d = min(cap, base · 2^(n-1)). Jitter spreads retries of many chunks apart, and the ranges of successive retries
/// do not overlap (until the cap), so delays still grow attempt after attempt.
/// </summary>
public static class RetryBackoff
{
    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
    }
}

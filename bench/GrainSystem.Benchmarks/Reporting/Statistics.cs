namespace GrainSystem.Benchmarks;

/// <summary>Summaries of repeated measurements.</summary>
internal static class Statistics
{
    /// <summary>The middle value; for an even count, the mean of the two middle ones.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

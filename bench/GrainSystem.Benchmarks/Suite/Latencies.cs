namespace GrainSystem.Benchmarks.Suite;

/// <summary>Latencies of one round (microseconds) as a sample of its median and 99th percentile (nearest rank).</summary>
public static class Latencies
{
    public static Sample ToSample(IReadOnlyCollection<double> microseconds)
    {
        var sorted = microseconds.Order().ToArray();
        return Sample.Of(sorted.Length, (Sample.P50, Percentile(sorted, 50)), (Sample.P99, Percentile(sorted, 99)));
    }

    private static double Percentile(double[] sorted, double percentile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

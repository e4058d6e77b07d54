namespace GrainSystem.Benchmarks.Suite;

/// <summary>
/// What one side measured in one round: how many operations it ran (CPU per operation divides by it) and its figures by
/// name (<c>rate</c>, <c>p50</c>, <c>p99</c>, …).
/// </summary>
public sealed record Sample(long Operations, IReadOnlyDictionary<string, double> Figures)
{
    public const string Rate = "rate";
    public const string P50 = "p50";
    public const string P99 = "p99";

    public static Sample Of(long operations, params (string Name, double Value)[] figures) =>
        new(operations, figures.ToDictionary(f => f.Name, f => f.Value));

    public static Sample OfRate(long operations, TimeSpan elapsed) => Of(operations, (Rate, operations / elapsed.TotalSeconds));
}

/// <summary>One contestant of a comparison: GrainSystem or a peer, run once per round with the round's label (<c>warm</c>, <c>r0</c>, …).</summary>
public sealed record Side(string Name, Func<string, CancellationToken, Task<Sample>> RunAsync);

/// <summary>A side's sample in one round with the CPU time every watched process spent meanwhile, per operation.</summary>
public sealed record Measured(Sample Sample, double CpuMicrosecondsPerOperation, IReadOnlyDictionary<string, double> CpuByProcess);

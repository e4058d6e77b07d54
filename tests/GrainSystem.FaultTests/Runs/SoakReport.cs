using System.Globalization;
using System.Text;

namespace GrainSystem.FaultTests.Runs;

/// <summary>A soak's checks, its throughput, and each process's memory growth after the warm-up.</summary>
public sealed record SoakReport(RunReport Checks, TimeSpan Duration, IReadOnlyList<(string Process, long Baseline, long Final, double Growth)> Memory)
{
    public const double MaxGrowth = 0.10;

    public int Operations => Checks.Results.Where(r => r.Feature != "liveness").Sum(r => r.Checked);

    public IEnumerable<string> Grown => Memory.Where(m => m.Growth > MaxGrowth)
        .Select(m => $"{m.Process} grew {m.Growth:P0} ({m.Baseline / 1048576} MiB to {m.Final / 1048576} MiB)");

    public override string ToString()
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"soak: {Duration.TotalSeconds:0} s, {Operations} operations checked, {Operations / Duration.TotalSeconds:0} per second")
            .AppendLine("| process | RSS after warm-up | RSS at the end | growth |")
            .AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var (process, baseline, final, growth) in Memory)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {process} | {baseline / 1048576} MiB | {final / 1048576} MiB | {growth:+0.0%;-0.0%} |");
        }

        return text.AppendLine(string.Join(Environment.NewLine, Checks.Results)).ToString();
    }
}

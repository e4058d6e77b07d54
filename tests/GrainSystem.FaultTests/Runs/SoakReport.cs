using System.Globalization;
using System.Text;

namespace GrainSystem.FaultTests.Runs;

/// <summary>
/// A soak's checks, its throughput, and each process's memory growth after the warm-up: the managed heap after a full
/// collection (what the program holds; the gate, at most <see cref="MaxGrowth"/>) and the resident memory (reported: it
/// also moves with the GC's budgets and the memory the runtime keeps for reuse).
/// </summary>
public sealed record SoakReport(RunReport Checks, TimeSpan Duration, IReadOnlyList<(string Process, long Baseline, long Final, double Growth)> Memory,
    IReadOnlyList<(string Process, long Baseline, long Final, double Growth)> Heap)
{
    public const double MaxGrowth = 0.10;

    public int Operations => Checks.Results.Where(r => r.Feature != "liveness").Sum(r => r.Checked);

    public IEnumerable<string> Grown => Heap.Count == 0
        ? ["the managed heaps could not be read"]
        : Heap.Where(m => m.Growth > MaxGrowth)
            .Select(m => $"{m.Process}'s managed heap grew {m.Growth:P0} ({m.Baseline / 1048576.0:0.0} MiB to {m.Final / 1048576.0:0.0} MiB)");

    public override string ToString()
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"soak: {Duration.TotalSeconds:0} s, {Operations} operations checked, {Operations / Duration.TotalSeconds:0} per second")
            .AppendLine("| process | managed heap after warm-up | at the end | growth | RSS after warm-up | at the end | growth |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (process, baseline, final, growth) in Memory)
        {
            var heap = Heap.FirstOrDefault(h => h.Process == process);
            var heapCells = heap.Process is null ? "| — | — | — " : $"| {heap.Baseline / 1048576.0:0.0} MiB | {heap.Final / 1048576.0:0.0} MiB | {heap.Growth:+0.0%;-0.0%} ";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {process} {heapCells}| {baseline / 1048576} MiB | {final / 1048576} MiB | {growth:+0.0%;-0.0%} |");
        }

        return text.AppendLine(string.Join(Environment.NewLine, Checks.Results)).ToString();
    }
}

using System.Globalization;
using System.Text;

namespace GrainSystem.Benchmarks.Suite;

/// <summary>The run as one Markdown table (medians of the rounds with their range), the notes under it, and the target table.</summary>
public static class MarkdownTable
{
    public static string Write(SuiteResult result)
    {
        var m = result.Machine;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"GrainSystem benchmarks, {result.Started:yyyy-MM-dd HH:mm} UTC, `{result.Command}` ({result.Profile}, " +
            $"{result.TotalSeconds:0} s): {m.Processor}, {m.ProcessorCount} cores, {m.Os}, {m.DotNet}, redis-server {m.Redis}, " +
            $"{m.GarbageCollector} GC; load average {m.LoadAtStart} at the start, {result.LoadAtEnd} at the end.");
        text.AppendLine();
        text.AppendLine("| scenario | measure | GrainSystem | CPU/op | peer | peer value | CPU/op | ratio | target | met |");
        text.AppendLine("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- | --- |");
        foreach (var r in result.Rows)
        {
            var product = r.Missing ?? Cell(r.Product, r.Unit);
            var peerValue = r.Missing is null ? Cell(r.PeerValue, r.Unit) : "";
            var ratio = r.Ratio is { } q ? Ratio(q) : "";
            var met = r.Met switch { true => "yes", false => "**no**", null => "—" };
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Measure} | {product} | {Cpu(r.ProductCpu)} | {r.Peer} | {peerValue} | {Cpu(r.PeerCpu)} | {ratio} | {r.Target} | {met} |");
        }

        text.AppendLine();
        var rounds = result.Rows.Select(r => r.Rounds).DefaultIfEmpty().Max();
        text.Append(CultureInfo.InvariantCulture, $"Medians of {rounds} measured rounds (range in brackets)")
            .AppendLine(" after one unmeasured warm-up of every side; rounds alternate GrainSystem and peer; a ratio is GrainSystem ÷ peer, the median " +
            "of the per-round ratios. CPU/op: user + system time of every process of the comparison (benchmark process, servers, load " +
            "generator) per operation.");
        foreach (var note in result.Notes)
        {
            text.AppendLine().Append("- ").AppendLine(note);
        }

        foreach (var (scenario, error) in result.Failures)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"- **{scenario} failed**: {error}");
        }

        text.AppendLine().AppendLine("Durations: " + string.Join(", ", result.Durations.Select(d => $"{d.Key} {d.Value:0} s")) + ".");
        return text.ToString();
    }

    /// <summary>The targets as docs/benchmarks.md states them.</summary>
    public static string WriteTargets()
    {
        var text = new StringBuilder();
        text.AppendLine("| row | target | why |");
        text.AppendLine("| --- | --- | --- |");
        foreach (var t in Targets.All)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{t.Row}` | {(t.On == TargetOn.Ratio ? "ratio " : "")}{t} | {t.Why} |");
        }

        return text.ToString();
    }

    private static string Cell(Stat? stat, string unit)
    {
        if (stat is null)
        {
            return "";
        }

        var median = Format(stat.Median, unit);
        return stat.Min < stat.Max ? $"{median} ({Format(stat.Min, unit, bare: true)}–{Format(stat.Max, unit, bare: true)})" : median;
    }

    private static string Ratio(Stat ratio) =>
        ratio.Min < ratio.Max ? FormattableString.Invariant($"{ratio.Median:0.00}× ({ratio.Min:0.00}–{ratio.Max:0.00})") :
            FormattableString.Invariant($"{ratio.Median:0.00}×");

    private static string Cpu(double? microseconds) => microseconds is { } us && double.IsFinite(us) ? Format(us, "µs") : "";

    /// <summary>A value in its unit, scaled for reading (k and M for rates, ms for long latencies).</summary>
    public static string Format(double value, string unit, bool bare = false)
    {
        if (!double.IsFinite(value))
        {
            return "–";
        }

        string Suffix(string s) => bare ? "" : s;
        return unit switch
        {
            _ when unit.EndsWith("/s", StringComparison.Ordinal) => Scaled(value) + Suffix(" " + unit),
            "µs" or "µs/op" when value >= 1_000 => FormattableString.Invariant($"{value / 1_000:0.##}") + Suffix(" ms"),
            "µs" or "µs/op" => FormattableString.Invariant($"{value:0.#}") + Suffix(" µs"),
            _ => FormattableString.Invariant($"{value:0.##}") + Suffix(unit.Length > 0 ? " " + unit : ""),
        };
    }

    private static string Scaled(double value) => value switch
    {
        >= 1e6 => FormattableString.Invariant($"{value / 1e6:0.00}M"),
        >= 1e3 => FormattableString.Invariant($"{value / 1e3:0.#}k"),
        _ => FormattableString.Invariant($"{value:0.#}"),
    };
}

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
        return stat.Min < stat.Max ? $"{median} ({Format(stat.Min, unit, stat.Median)}–{Format(stat.Max, unit, stat.Median)})" : median;
    }

    private static string Ratio(Stat ratio) =>
        ratio.Min < ratio.Max ? $"{Times(ratio.Median)}× ({Times(ratio.Min)}–{Times(ratio.Max)})" : $"{Times(ratio.Median)}×";

    /// <summary>Two decimals, or two significant digits below 0.1 (a hand-off 300 times faster is not 0.00×).</summary>
    private static string Times(double ratio) =>
        ratio is > 0 and < 0.1 ? ratio.ToString("G2", CultureInfo.InvariantCulture) : ratio.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Cpu(double? microseconds) => microseconds is { } us && double.IsFinite(us) ? Format(us, "µs") : "";

    /// <summary>
    /// A value in its unit, scaled for reading (k and M for rates, ms for long latencies); with <paramref name="scaleOf"/>, a bare
    /// number in the scale that value would be printed in (the range beside a median).
    /// </summary>
    public static string Format(double value, string unit, double? scaleOf = null)
    {
        if (!double.IsFinite(value))
        {
            return "–";
        }

        var scale = scaleOf ?? value;
        var bare = scaleOf is not null;
        string Suffix(string s) => bare ? "" : s;
        return unit switch
        {
            _ when unit.EndsWith("/s", StringComparison.Ordinal) => Scaled(value, scale) + Suffix(" " + unit),
            "µs" or "µs/op" when scale >= 1_000 => FormattableString.Invariant($"{value / 1_000:0.##}") + Suffix(" ms"),
            "µs" or "µs/op" => FormattableString.Invariant($"{value:0.#}") + Suffix(" µs"),
            _ => FormattableString.Invariant($"{value:0.##}") + Suffix(unit.Length > 0 ? " " + unit : ""),
        };
    }

    private static string Scaled(double value, double scale) => scale switch
    {
        >= 1e6 => FormattableString.Invariant($"{value / 1e6:0.00}M"),
        >= 1e3 => FormattableString.Invariant($"{value / 1e3:0.#}k"),
        _ => FormattableString.Invariant($"{value:0.#}"),
    };
}

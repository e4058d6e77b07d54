using System.Text;
using System.Text.Json;

namespace GrainSystem.Benchmarks;

/// <summary>Figures of one scenario run: printed as a Markdown table and written as JSON.</summary>
public sealed class BenchmarkReport(string scenario)
{
    public string Scenario { get; } = scenario;

    public DateTimeOffset When { get; } = DateTimeOffset.UtcNow;

    public List<BenchmarkRow> Rows { get; } = [];

    public List<string> Notes { get; } = [];

    public BenchmarkReport Add(string measure, string product, double productValue, string baseline, double baselineValue, string unit,
        bool higherIsBetter = true)
    {
        Rows.Add(new BenchmarkRow(measure, product, productValue, baseline, baselineValue, unit,
            baselineValue == 0 ? double.NaN : higherIsBetter ? productValue / baselineValue : baselineValue / productValue));
        return this;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"### {Scenario} ({When:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");
        text.AppendLine();
        text.AppendLine("| measure | GrainSystem | value | baseline | value | unit | ratio (>1 = GrainSystem better) |");
        text.AppendLine("| --- | --- | ---: | --- | ---: | --- | ---: |");
        foreach (var r in Rows)
        {
            text.AppendLine($"| {r.Measure} | {r.Product} | {r.ProductValue:N1} | {r.Baseline} | {r.BaselineValue:N1} | {r.Unit} | {r.Ratio:0.00} |");
        }

        foreach (var note in Notes)
        {
            text.AppendLine().Append("- ").AppendLine(note);
        }

        return text.ToString();
    }

    public async Task WriteJsonAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Scenario}-{When:yyyyMMdd-HHmmss}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"(figures written to {path})");
    }
}

/// <summary>One measure of the product beside its baseline.</summary>
public sealed record BenchmarkRow(string Measure, string Product, double ProductValue, string Baseline, double BaselineValue,
    string Unit, double Ratio);

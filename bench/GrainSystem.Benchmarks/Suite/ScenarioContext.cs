using System.Diagnostics;

namespace GrainSystem.Benchmarks.Suite;

/// <summary>What a scenario gets from the suite: the run's settings, the CPU meter, where its rows and notes go.</summary>
public sealed class ScenarioContext(string scenario, RunSettings settings, CpuMeter cpu, SuiteResult result, CancellationToken cancellationToken)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public string Scenario { get; } = scenario;

    public RunSettings Settings { get; } = settings;

    public CpuMeter Cpu { get; } = cpu;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>A line under the table, prefixed with the scenario's name.</summary>
    public void Note(string text) => result.Notes.Add($"{Scenario}: {text}");

    /// <summary>A progress line on standard error (the table goes to standard output).</summary>
    public void Progress(string text) => Console.Error.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {Scenario}: {text}");

    /// <summary>Adds a row; its target comes from <see cref="Targets"/> and is judged unless the run is a smoke run.</summary>
    public void Add(string id, string measure, string unit, Stat product, double? productCpu, string peer, Stat? peerValue, double? peerCpu,
        Stat? ratio)
    {
        var target = Targets.For(id);
        bool? met = target is null || !Settings.Verdicts
            ? null
            : target.IsMet(target.On == TargetOn.Ratio ? ratio?.Median ?? double.NaN : product.Median);
        result.Rows.Add(new ResultRow(Scenario, id, measure, unit, product, productCpu, peer, peerValue, peerCpu, ratio,
            target?.ToString() ?? "—", met, Settings.Rounds));
    }

    /// <summary>Adds a row that cannot be measured here, saying why (<c>not built</c>, …), never a number.</summary>
    public void Missing(string id, string measure, string peer, string why) =>
        result.Rows.Add(new ResultRow(Scenario, id, measure, "", null, null, peer, null, null, null, Targets.For(id)?.ToString() ?? "—", null,
            0, why));
}

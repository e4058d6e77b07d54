namespace GrainSystem.Benchmarks.Suite;

/// <summary>Everything a run produced: the rows in scenario order, the notes, the machine and how long each scenario took.</summary>
public sealed class SuiteResult
{
    public required MachineInfo Machine { get; init; }

    public required string Command { get; init; }

    public required Profile Profile { get; init; }

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    public List<ResultRow> Rows { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Seconds each scenario took, starting and stopping its servers included.</summary>
    public Dictionary<string, double> Durations { get; } = [];

    /// <summary>Scenarios that failed, with the error: a failure is never a verdict, but it fails the run.</summary>
    public Dictionary<string, string> Failures { get; } = [];

    public double TotalSeconds { get; set; }

    /// <summary>The load averages (1, 5, 15 min) when the run ended; the machine's at the start are in <see cref="Machine"/>.</summary>
    public string LoadAtEnd { get; set; } = "";
}

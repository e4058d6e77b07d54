namespace GrainSystem.FaultTests.Checkers;

/// <summary>What one checker found: operations it checked, anomalies, and what it could not decide.</summary>
public sealed class CheckResult(string feature)
{
    private readonly List<Anomaly> _anomalies = [];

    public string Feature { get; } = feature;

    public int Checked { get; set; }

    public IReadOnlyList<Anomaly> Anomalies => _anomalies;

    /// <summary>Parts of the history the checker could not decide (a search bound reached), with why.</summary>
    public List<string> Unknown { get; } = [];

    public void Add(Anomaly anomaly) => _anomalies.Add(anomaly);

    /// <summary>Drops the anomalies observed before <paramref name="time"/> (an earlier run's, reported there).</summary>
    public CheckResult Since(long time)
    {
        _anomalies.RemoveAll(a => a.At < time);
        return this;
    }

    public override string ToString() =>
        $"{Feature}: {Checked} checked, {_anomalies.Count} anomalies, {Unknown.Count} undecided"
        + string.Concat(_anomalies.Take(20).Select(a => Environment.NewLine + "  " + a))
        + string.Concat(Unknown.Take(5).Select(u => Environment.NewLine + "  undecided: " + u));
}

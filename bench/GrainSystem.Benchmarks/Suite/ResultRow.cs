namespace GrainSystem.Benchmarks.Suite;

/// <summary>
/// One line of the table: GrainSystem beside a named peer. <see cref="Product"/> and <see cref="PeerValue"/> are medians
/// of the measured rounds with their range; <see cref="Ratio"/> is the median (and range) of the per-round ratios
/// GrainSystem ÷ peer; CPU is microseconds per operation of every process involved. <see cref="Missing"/>, when set, says
/// why the row has no figures ("not built").
/// </summary>
public sealed record ResultRow(
    string Scenario,
    string Id,
    string Measure,
    string Unit,
    Stat? Product,
    double? ProductCpu,
    string Peer,
    Stat? PeerValue,
    double? PeerCpu,
    Stat? Ratio,
    string Target,
    bool? Met,
    int Rounds,
    string? Missing = null);

namespace GrainSystem.Benchmarks.Suite;

/// <summary>
/// Runs sides against each other: each once unmeasured (warm-up, never counted), then <see cref="RunSettings.Rounds"/>
/// rounds in which every side runs once, the order reversed every other round so no side always follows the same one.
/// The CPU of every watched process is read around each run.
/// </summary>
public sealed class Rounds
{
    private readonly ScenarioContext _context;
    private readonly Dictionary<Side, List<Measured>> _measured = [];
    private readonly Dictionary<Side, Sample> _warmUp = [];

    private Rounds(ScenarioContext context) => _context = context;

    public static async Task<Rounds> RunAsync(ScenarioContext context, params Side[] sides)
    {
        var rounds = new Rounds(context);
        var cancellationToken = context.CancellationToken;
        if (context.Settings.WarmUp)
        {
            foreach (var side in sides)
            {
                rounds._warmUp[side] = await side.RunAsync("warm", cancellationToken);
            }
        }

        foreach (var side in sides)
        {
            rounds._measured[side] = [];
        }

        for (var round = 0; round < context.Settings.Rounds; round++)
        {
            context.Progress($"round {round + 1}/{context.Settings.Rounds}");
            foreach (var side in round % 2 == 0 ? sides : sides.Reverse())
            {
                var before = context.Cpu.Read();
                var sample = await side.RunAsync($"r{round}", cancellationToken);
                var spent = CpuMeter.Spent(before, context.Cpu.Read());
                var operations = Math.Max(1, sample.Operations);
                rounds._measured[side].Add(new Measured(sample, spent.Values.Sum() / operations,
                    spent.ToDictionary(s => s.Key, s => s.Value / operations)));
            }
        }

        return rounds;
    }

    /// <summary>The side's unmeasured first run, when the run warms up: counted in no row but the one about starting cold.</summary>
    public Sample? WarmUpOf(Side side) => _warmUp.GetValueOrDefault(side);

    /// <summary>The side's measured rounds, in order.</summary>
    public IReadOnlyList<Measured> Of(Side side) => _measured[side];

    /// <summary>The median of <paramref name="figure"/> over the side's measured rounds.</summary>
    public double Median(Side side, string figure) => Stat.Of(Figures(side, figure)).Median;

    /// <summary>Adds the row comparing <paramref name="figure"/> of <paramref name="product"/> with that of <paramref name="peer"/>.</summary>
    public void Compare(string id, string measure, Side product, Side peer, string figure, string unit, string? peerName = null)
    {
        _context.Add(id, measure, unit, Stat.Of(Figures(product, figure)), CpuOf(product), peerName ?? peer.Name, Stat.Of(Figures(peer, figure)),
            CpuOf(peer), Ratio(product, peer, figure));
    }

    /// <summary>The per-round ratios of <paramref name="figure"/>, <paramref name="side"/> ÷ <paramref name="other"/>: their median and range.</summary>
    public Stat Ratio(Side side, Side other, string figure) => Stat.Of(Figures(side, figure).Zip(Figures(other, figure), (p, q) => p / q));

    /// <summary>Adds a row of GrainSystem's own figure, without a peer (its target bounds the value).</summary>
    public void Alone(string id, string measure, Side product, string figure, string unit, string peer = "—") =>
        _context.Add(id, measure, unit, Stat.Of(Figures(product, figure)), CpuOf(product), peer, null, null, null);

    /// <summary>Adds the row comparing CPU per operation (microseconds) of the two sides.</summary>
    public void CompareCpu(string id, string measure, Side product, Side peer)
    {
        var mine = _measured[product].Select(m => m.CpuMicrosecondsPerOperation).ToList();
        var theirs = _measured[peer].Select(m => m.CpuMicrosecondsPerOperation).ToList();
        _context.Add(id, measure, "µs/op", Stat.Of(mine), null, peer.Name, Stat.Of(theirs), null, Stat.Of(mine.Zip(theirs, (p, q) => p / q)));
    }

    /// <summary>Median CPU per operation of a side by process, for the JSON.</summary>
    public Dictionary<string, double> CpuSplit(Side side) =>
        _measured[side].SelectMany(m => m.CpuByProcess.Keys).Distinct()
            .ToDictionary(k => k, k => Stat.Of(_measured[side].Select(m => m.CpuByProcess.GetValueOrDefault(k))).Median);

    private List<double> Figures(Side side, string figure) => _measured[side].Select(m => m.Sample.Figures[figure]).ToList();

    private double CpuOf(Side side) => Stat.Of(_measured[side].Select(m => m.CpuMicrosecondsPerOperation)).Median;
}

using System.Globalization;
using GrainSystem.Testing;

namespace GrainSystem.FaultTests.Nemesis;

/// <summary>
/// A silo whose wall clock runs <c>offset</c> ahead (or behind) of the others: a fourth silo is started under
/// libfaketime (<c>LD_PRELOAD</c>, <c>FAKETIME</c>), its offset checked on the time it stamps in the membership table;
/// then the silo hosting a lock is killed, so that its grains — a held lock among them — move, a third of them onto
/// the skewed silo. Healed by killing the skewed silo and starting an ordinary one in place of the killed one.
/// </summary>
public sealed class SkewClock(TimeSpan offset, TimeSpan hold) : Fault
{
    /// <summary>Debian's faketime package; the multi-threaded variant, for the .NET runtime's threads.</summary>
    public const string Library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

    private SiloProcess? _skewed;
    private SiloProcess? _killed;

    public override string Name => $"clock {(offset >= TimeSpan.Zero ? "ahead" : "behind")} {offset.Duration().TotalSeconds:0}s";

    public static IReadOnlyDictionary<string, string?> Environment(TimeSpan offset) => new Dictionary<string, string?>
    {
        ["LD_PRELOAD"] = Library,
        ["FAKETIME"] = (offset >= TimeSpan.Zero ? "+" : "-") + offset.Duration().TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + "s",
        // The monotonic clock stays true: the offset is the wall clock's.
        ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
    };

    public override async Task InjectAsync(FaultContext context)
    {
        _skewed = await context.Cluster.AddSiloAsync("skewed", Environment(offset));
        var measured = await context.Cluster.ClockOffsetAsync(_skewed);
        context.Log($"{_skewed.Name} runs with FAKETIME {Environment(offset)["FAKETIME"]}: its clock is {measured.TotalSeconds:0.0} s off");
        if ((measured - offset).Duration() > TimeSpan.FromSeconds(15))
        {
            throw new InvalidOperationException($"libfaketime was not honoured: {_skewed.Name}'s clock is {measured.TotalSeconds:0.0} s off, not {offset.TotalSeconds:0} s");
        }

        _killed = await context.LockHostAsync(except: _skewed);
        context.Log($"SIGKILL {_killed.Name}, which hosts a lock, so that grains move");
        _killed.Process.Kill();
    }

    public override Task HoldAsync(FaultContext context) => Task.Delay(hold);

    public override async Task HealAsync(FaultContext context)
    {
        context.Log($"SIGKILL {_skewed!.Name}; a silo with a true clock replaces {_killed!.Name}");
        _skewed.Process.Kill();
        await context.Cluster.ReplaceSiloAsync(_killed);
    }
}

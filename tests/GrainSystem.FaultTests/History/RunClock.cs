using System.Diagnostics;
using System.Globalization;

namespace GrainSystem.FaultTests.History;

/// <summary>
/// The one clock of a fault run: monotonic ticks (100 ns) since the run started, read by every client and by the
/// nemesis, so invocation and completion times of all recorded operations compare in real time.
/// </summary>
public sealed class RunClock
{
    /// <summary>The completion time of an operation whose outcome is unknown: it may take effect at any later time.</summary>
    public const long Never = long.MaxValue;

    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public long Now => _watch.Elapsed.Ticks;

    public static string Format(long ticks) =>
        ticks == Never ? "never" : TimeSpan.FromTicks(ticks).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s";
}

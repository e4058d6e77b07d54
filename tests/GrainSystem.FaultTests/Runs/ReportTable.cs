using System.Globalization;
using System.Text;
using GrainSystem.FaultTests.Checkers;
using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Runs;

/// <summary>
/// The run's table, one row per fault window and feature: operations checked (invoked in the window), anomalies found
/// (observed in it), the longest time without a successful answer, and the time from the heal to the first success.
/// Operations outside every window are counted in a last row per feature.
/// </summary>
public static class ReportTable
{
    public static string Render(RunReport report)
    {
        var history = report.History;
        var windows = history.Windows;
        var table = new StringBuilder()
            .AppendLine("| fault | feature | operations checked | anomalies | longest unavailability | recovery |")
            .AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var window in windows)
        {
            foreach (var feature in Features.All)
            {
                var stats = report.Stats.First(s => s.Fault == window.Name && s.Feature == feature);
                table.AppendLine(CultureInfo.InvariantCulture, $"| {window.Name} | {feature} | {Operations(history, feature, window.Contains)} | "
                    + $"{report.Anomalies.Count(a => a.Feature == feature && window.Contains(a.At))} | {Seconds(stats.LongestUnavailability)} | "
                    + $"{(stats.Recovery is { } r ? Seconds(r) : "none")} |");
            }
        }

        bool Outside(long t) => !windows.Any(w => w.Contains(t));
        foreach (var feature in Features.All)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| (no fault) | {feature} | {Operations(history, feature, Outside)} | "
                + $"{report.Anomalies.Count(a => a.Feature == feature && Outside(a.At))} | | |");
        }

        return table.ToString();
    }

    private static int Operations(RunHistory history, string feature, Func<long, bool> inside) => feature switch
    {
        Features.Cache => history.Cache.Count(op => op.Outcome != Outcome.Failed && inside(op.Invoke)),
        Features.Locks => history.Locks.Count(op => op.Outcome != Outcome.Failed && inside(op.Invoke)),
        Features.Jobs => history.Jobs.Count(j => j.Outcome != Outcome.Failed && inside(j.Invoke)),
        _ => history.Publishes.Count(p => p.Outcome != Outcome.Failed && inside(p.Invoke))
            + history.Subscribers.Sum(s => s.Deliveries.Count(d => inside(d.At))),
    };

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}

using System.Text.Json;

namespace GrainSystem.FaultTests.Runs;

/// <summary>Keeps each run's report and raw history beside the test output (fault-runs/), for a failed run's diagnosis.</summary>
public static class RunFiles
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "fault-runs")).FullName;

    public static void Save(string name, RunReport report)
    {
        var stem = Path.Combine(Directory, $"{DateTime.UtcNow:HHmmss}-{string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-'))}");
        File.WriteAllText(stem + ".txt", report + Environment.NewLine + string.Join(Environment.NewLine, report.Anomalies));
        var history = report.History;
        File.WriteAllText(stem + ".history.json", JsonSerializer.Serialize(new
        {
            windows = history.Windows,
            cache = history.Cache,
            locks = history.Locks,
            lockFinals = history.LockFinals,
            jobs = history.Jobs,
            publishes = history.Publishes,
            subscribers = history.Subscribers.Select(s => new { s.Name, s.Patterns, s.SubscribedAt, s.Deliveries }),
            requests = history.Requests,
        }));
    }
}

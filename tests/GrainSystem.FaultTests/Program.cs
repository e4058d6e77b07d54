using System.Globalization;
using GrainSystem.FaultTests.Checkers;
using GrainSystem.FaultTests.Checkers.Liveness;
using GrainSystem.FaultTests.Nemesis;
using GrainSystem.FaultTests.Runs;

namespace GrainSystem.FaultTests;

/// <summary>
/// The fault runner: <c>dotnet run --project tests/GrainSystem.FaultTests -c Release -- [--profile short|long|soak]
/// [--minutes N] [--soak-seconds S] [--faults NAMES] [--report FILE]</c>. Starts redis-server (append-only), three silo processes and
/// the API process on loopback, runs the workload under the profile's faults, checks the whole history and prints one
/// table: fault × feature → operations checked, anomalies, longest unavailability, recovery time. Every process it
/// started is ended by its PID when it ends, whatever happened. Exits with 1 when anything was found.
/// <list type="bullet">
/// <item><c>short</c>: each fault once (<see cref="FaultCatalog.Short"/>), no soak.</item>
/// <item><c>long</c> (the default, or whenever <c>--minutes</c> is given): the cycle of every fault, alone and combined,
/// for N minutes (10 by default), then a soak of S seconds (60 by default; 0 skips it).</item>
/// <item><c>--faults</c>: only the faults whose names contain one of these comma-separated words (e.g.
/// <c>--faults "pause silo,freeze redis"</c>); a combined fault is chosen by either of its parts' names.</item>
/// <item><c>--gate safety</c>: an answer later than its bound is reported but does not fail the run (every other anomaly
/// does); the default, <c>--gate all</c>, fails on any anomaly.</item>
/// <item><c>soak</c>: no faults, full load for S seconds (60 by default); memory must stay flat after the warm-up.</item>
/// </list>
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var profile = Value(args, "--profile") ?? "long";
        var minutes = Option(args, "--minutes", 10);
        var soakSeconds = Option(args, "--soak-seconds", profile == "short" ? 0 : 60);
        var reportFile = Value(args, "--report");
        var only = Value(args, "--faults");
        if (profile is not ("short" or "long" or "soak"))
        {
            Console.Error.WriteLine($"unknown profile '{profile}': short, long or soak");
            return 2;
        }

        var started = DateTime.UtcNow;
        void Log(string message) => Console.WriteLine($"[{DateTime.UtcNow - started:hh\\:mm\\:ss}] {message}");

        Log(profile switch
        {
            "short" => "short profile: each fault once",
            "soak" => $"soak profile: {soakSeconds} s at full load",
            _ => $"long profile: {minutes} min of faults, then a {soakSeconds} s soak",
        });
        await using var session = await FaultSession.StartAsync(Log);
        using var stop = StopOnSignal(session);
        var report = profile switch
        {
            "short" => await session.RunAsync(FaultCatalog.Select(FaultCatalog.Short(), only), checkJobStorage: true),
            "long" => await session.RunAsync(FaultCatalog.Select(FaultCatalog.Cycle(), only), started.AddMinutes(minutes), checkJobStorage: true),
            _ => null,
        };
        if (report is not null)
        {
            RunFiles.Save($"{profile}-profile", report);
        }

        var soak = soakSeconds > 0 ? await session.SoakAsync(TimeSpan.FromSeconds(soakSeconds)) : null;
        if (soak is not null)
        {
            RunFiles.Save($"{profile}-soak", soak.Checks);
        }

        var text = Render(profile, started, report, soak);
        Console.WriteLine(text);
        if (reportFile is not null)
        {
            await File.WriteAllTextAsync(reportFile, text);
        }

        // "--gate safety" (CI): a late answer is reported but does not fail the run; every other anomaly does.
        var lateAnswersGate = Value(args, "--gate") != "safety";
        bool Gates(Anomaly anomaly) => lateAnswersGate || anomaly.Check != LivenessChecker.AnswersInTime;
        var clean = (report is null || (!report.Anomalies.Any(Gates) && report.History.NemesisErrors.IsEmpty))
            && (soak is null || (!soak.Checks.Anomalies.Any(Gates) && !soak.Grown.Any()));
        Log(clean ? "clean: no anomaly that gates" : "NOT clean: see the anomalies above");
        return clean ? 0 : 1;
    }

    private static string Render(string profile, DateTime started, RunReport? report, SoakReport? soak)
    {
        var lines = new List<string>
        {
            $"# {profile} profile, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {(DateTime.UtcNow - started).TotalMinutes:0.0} min",
            "",
        };
        if (report is not null)
        {
            lines.Add(ReportTable.Render(report));
            lines.AddRange(report.Results.Select(r => r.ToString()));
            lines.Add("");
            lines.Add("## Anomalies");
            lines.AddRange(report.Anomalies.Select(a => "- " + a));
            lines.AddRange(report.Unknown.Select(u => "- undecided: " + u));
            lines.AddRange(report.History.NemesisErrors.Select(e => "- nemesis failed: " + e));
            lines.Add("");
        }

        if (soak is not null)
        {
            lines.Add(soak.ToString());
            lines.AddRange(soak.Checks.Anomalies.Select(a => "- soak: " + a));
            lines.AddRange(soak.Grown.Select(g => "- soak: " + g));
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>On Ctrl-C or SIGTERM the processes the run started are ended (by PID) before the runner exits.</summary>
    private static IDisposable StopOnSignal(FaultSession session)
    {
        void Stop(System.Runtime.InteropServices.PosixSignalContext context)
        {
            context.Cancel = true;
            session.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(20));
            Environment.Exit(130);
        }

        var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
        var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
        return new Registrations(interrupt, terminate);
    }

    private static string? Value(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    private static int Option(string[] args, string name, int fallback) =>
        Value(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private sealed class Registrations(params IDisposable[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}

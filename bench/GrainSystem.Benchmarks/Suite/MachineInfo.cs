using System.Diagnostics;
using System.Runtime.InteropServices;

namespace GrainSystem.Benchmarks.Suite;

/// <summary>Where a run ran: processor, core count, OS, .NET and Redis versions, and how loaded the machine was at the start.</summary>
public sealed record MachineInfo(string Host, string Processor, int ProcessorCount, string Os, string DotNet, string Redis, string GarbageCollector,
    string LoadAtStart)
{
    public static MachineInfo Read() => new(
        Environment.MachineName,
        CpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        RedisVersion(),
        System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
        LoadAverage());

    /// <summary>The 1-, 5- and 15-minute load averages of <c>/proc/loadavg</c>, as <c>uptime</c> prints them.</summary>
    public static string LoadAverage()
    {
        var fields = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ') : [];
        return fields.Length >= 3 ? $"{fields[0]}, {fields[1]}, {fields[2]}" : "unknown";
    }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
              ?? "unknown"
            : "unknown";

    private static string RedisVersion()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("redis-server", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit(10_000);
            var version = text.Split(' ').FirstOrDefault(f => f.StartsWith("v=", StringComparison.Ordinal));
            return version?[2..] ?? text.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}

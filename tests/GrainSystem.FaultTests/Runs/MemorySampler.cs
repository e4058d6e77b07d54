using System.Globalization;
using GrainSystem.Testing;

namespace GrainSystem.FaultTests.Runs;

/// <summary>
/// Samples the resident memory (VmRSS) of the cluster's processes once a second, for the soak, and reads their managed
/// heaps after a full collection (<see cref="ManagedHeap"/>) on demand.
/// </summary>
public sealed class MemorySampler
{
    /// <summary>Each running process's managed heap after a full collection it induces, read one process at a time.</summary>
    public static async Task<IReadOnlyList<(string Process, long Bytes)>> ManagedHeapsAsync(IEnumerable<ServiceProcess> processes)
    {
        var heaps = new List<(string, long)>();
        foreach (var process in processes.Where(p => !p.HasExited))
        {
            if (await ManagedHeap.AfterFullCollectionAsync(process.Pid) is { } bytes)
            {
                heaps.Add((process.Name, bytes));
            }
        }

        return heaps;
    }

    /// <summary>Growth of each process measured at both ends.</summary>
    public static IReadOnlyList<(string Process, long Baseline, long Final, double Growth)> Compare(
        IReadOnlyList<(string Process, long Bytes)> before, IReadOnlyList<(string Process, long Bytes)> after) =>
        [.. before.Join(after, b => b.Process, a => a.Process, (b, a) => (b.Process, b.Bytes, a.Bytes, b.Bytes == 0 ? 0 : (a.Bytes - b.Bytes) / (double)b.Bytes))];

    private readonly List<(long At, string Process, long Bytes)> _samples = [];

    public IReadOnlyList<(long At, string Process, long Bytes)> Samples => _samples;

    public async Task RunAsync(Func<IEnumerable<ServiceProcess>> processes, Func<long> now, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            foreach (var process in processes().Where(p => !p.HasExited))
            {
                if (ResidentBytes(process.Pid) is { } bytes)
                {
                    _samples.Add((now(), process.Name, bytes));
                }
            }
        }
        while (await Tick(timer, stop));
    }

    /// <summary>
    /// Growth of each process between the warm-up's end and the soak's end: the median of the samples in the first
    /// <paramref name="span"/> after <paramref name="warmedUp"/> against the median of the last <paramref name="span"/>.
    /// </summary>
    public IReadOnlyList<(string Process, long Baseline, long Final, double Growth)> Growth(long warmedUp, TimeSpan span)
    {
        var end = _samples.Max(s => s.At);
        return [.. _samples.GroupBy(s => s.Process).Select(g =>
        {
            var baseline = Median(g.Where(s => s.At >= warmedUp && s.At < warmedUp + span.Ticks));
            var final = Median(g.Where(s => s.At > end - span.Ticks));
            return (g.Key, baseline, final, baseline == 0 ? 0 : (final - baseline) / (double)baseline);
        })];
    }

    private static long Median(IEnumerable<(long At, string Process, long Bytes)> samples)
    {
        var sorted = samples.Select(s => s.Bytes).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static long? ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

using System.Globalization;

namespace GrainSystem.Benchmarks.Suite;

/// <summary>
/// CPU time (user + system, from <c>/proc/&lt;pid&gt;/stat</c>) of the benchmark process, of the tools it ran and waited for
/// (<c>wrk</c>, <c>redis-benchmark</c>: their time is added to the benchmark's children time when they exit), and of the
/// servers a scenario watches (redis-server, the API process). A side's CPU per operation is the sum over all of them
/// while it ran, so client and server are both counted, and an idle process adds next to nothing.
/// </summary>
public sealed class CpuMeter
{
    private const double MicrosecondsPerTick = 10_000; // USER_HZ is 100 on Linux
    private readonly Dictionary<int, string> _watched = [];

    /// <summary>Counts <paramref name="pid"/> as <paramref name="name"/> until the returned handle is disposed.</summary>
    public IDisposable Watch(string name, int pid)
    {
        lock (_watched)
        {
            _watched[pid] = name;
        }

        return new Unwatch(this, pid);
    }

    /// <summary>Microseconds of CPU so far, by process name (<c>benchmark</c>, <c>tools</c>, and the watched ones).</summary>
    public Dictionary<string, double> Read()
    {
        var self = Ticks(Environment.ProcessId);
        var totals = new Dictionary<string, double>
        {
            ["benchmark"] = (self?.Own ?? 0) * MicrosecondsPerTick,
            ["tools"] = (self?.Children ?? 0) * MicrosecondsPerTick,
        };
        lock (_watched)
        {
            foreach (var (pid, name) in _watched)
            {
                totals[name] = totals.GetValueOrDefault(name) + (Ticks(pid)?.Own ?? 0) * MicrosecondsPerTick;
            }
        }

        return totals;
    }

    /// <summary><paramref name="after"/> − <paramref name="before"/>, per process.</summary>
    public static Dictionary<string, double> Spent(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.ToDictionary(a => a.Key, a => Math.Max(0, a.Value - before.GetValueOrDefault(a.Key)));

    private static (long Own, long Children)? Ticks(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // exited
        }

        // The command name may hold spaces and parentheses: fields are counted from the last ')'; utime is field 14.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return (Field(14) + Field(15), Field(16) + Field(17));
    }

    private sealed class Unwatch(CpuMeter meter, int pid) : IDisposable
    {
        public void Dispose()
        {
            lock (meter._watched)
            {
                meter._watched.Remove(pid);
            }
        }
    }
}

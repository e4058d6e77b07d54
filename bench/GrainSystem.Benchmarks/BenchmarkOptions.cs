using System.Globalization;

namespace GrainSystem.Benchmarks;

/// <summary><c>--name value</c> options of a scenario, with typed defaults.</summary>
public sealed class BenchmarkOptions(IReadOnlyDictionary<string, string> values)
{
    public static BenchmarkOptions Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    values[pending] = "true";
                }

                pending = arg[2..];
            }
            else if (pending is not null)
            {
                values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}'; options are --name value.");
            }
        }

        if (pending is not null)
        {
            values[pending] = "true";
        }

        return new BenchmarkOptions(values);
    }

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public bool Flag(string name) => values.TryGetValue(name, out var v) && v != "false";
}

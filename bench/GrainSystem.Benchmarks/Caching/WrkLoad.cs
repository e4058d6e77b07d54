using System.Globalization;
using System.Text.RegularExpressions;
using GrainSystem.Benchmarks.Suite;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// <c>wrk</c> with a script of 90 % GET and 10 % PUT of 100-byte values over keys <c>k0</c> … <c>k9999</c> of <c>/cache/</c>, each thread
/// drawing keys at random: the load of the <c>http</c> rows. Returns requests per second, p50 and p99 latency (µs) and the answers that were
/// neither 2xx nor 3xx.
/// </summary>
internal static partial class WrkLoad
{
    public const int Keys = 10_000;

    private const string Script = """
        local keys = 10000
        local body = string.rep("v", 100)
        local headers = { ["Content-Type"] = "application/octet-stream" }
        local counter = 0
        function setup(thread)
          thread:set("id", counter)
          counter = counter + 1
        end
        function init(args)
          math.randomseed(os.time() + (id or 0) * 7919)
        end
        function request()
          local path = "/cache/k" .. math.random(0, keys - 1)
          if math.random(1, 10) == 1 then
            return wrk.format("PUT", path, headers, body)
          end
          return wrk.format("GET", path)
        end
        """;

    private static readonly Lazy<string> ScriptPath = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"grainsystem-bench-{Environment.ProcessId}.lua");
        File.WriteAllText(path, Script);
        return path;
    });

    public static async Task<Sample> RunAsync(Uri address, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var output = await Tool.RunAsync("wrk",
            ["-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{duration.TotalSeconds:0}s", "--timeout", "5s", "--latency",
             "-s", ScriptPath.Value, address.ToString().TrimEnd('/')],
            duration + TimeSpan.FromSeconds(30), cancellationToken);
        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var rate = double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = NonSuccessLine().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socketErrors = SocketErrorsLine().Match(output) is { Success: true } s
            ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return Sample.Of(requests, (Sample.Rate, rate), (Sample.P50, Percentile(output, "50")), (Sample.P99, Percentile(output, "99")),
            ("non-2xx", errors), ("socket errors", socketErrors));
    }

    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value,
            "ms" => value * 1_000,
            _ => value * 1_000_000,
        };
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}

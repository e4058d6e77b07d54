using System.Diagnostics;
using System.Globalization;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// Runs Redis's own <c>redis-benchmark</c> (unpipelined, one connection per client: the method of the figures
/// users quote) against the benchmark's redis-server; returns requests per second of SET and GET, or null when
/// the tool is not installed.
/// </summary>
internal static class RedisBenchmarkTool
{
    public static async Task<(double Set, double Get)?> RunAsync(int port, int clients, int requests, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("redis-benchmark",
            ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-t", "set,get", "-n", requests.ToString(CultureInfo.InvariantCulture),
             "-c", clients.ToString(CultureInfo.InvariantCulture), "-d", "100", "-r", "100000", "--csv"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (process)
        {
            var output = await process!.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            double Rps(string test) => output.Split('\n')
                .Select(line => line.Split(',').Select(f => f.Trim('"', '\r')).ToArray())
                .Where(f => f.Length > 1 && f[0] == test)
                .Select(f => double.Parse(f[1], CultureInfo.InvariantCulture))
                .FirstOrDefault();
            return (Rps("SET"), Rps("GET"));
        }
    }
}

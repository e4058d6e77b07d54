using System.Diagnostics;

namespace GrainSystem.Benchmarks.Suite;

/// <summary>
/// An external load generator (<c>wrk</c>, <c>redis-benchmark</c>) run to completion with a time bound; ended by its PID if it
/// overruns. Its CPU time reaches the benchmark's children time when it has been waited for (<see cref="CpuMeter"/>).
/// </summary>
public static class Tool
{
    /// <summary>Whether <paramref name="name"/> is on PATH.</summary>
    public static bool Installed(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));

    /// <summary>Runs the tool and returns its standard output; throws when it fails or outlives <paramref name="bound"/>.</summary>
    public static async Task<string> RunAsync(string name, IEnumerable<string> arguments, TimeSpan bound, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(bound);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{name} ran longer than {bound.TotalSeconds:0} s and was ended");
        }

        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {(await error).Trim()}");
    }
}

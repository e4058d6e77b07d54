using System.Diagnostics;

namespace GrainSystem.Testing;

/// <summary>
/// A process a fixture started: its output goes to a log file (kept for diagnosis), and it is killed by
/// its own PID when disposed, whatever happened in the test.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServiceProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string LogPath { get; private init; } = "";

    /// <summary>
    /// Runs the built <c>src/<paramref name="project"/></c> host (GrainSystem.Silo, GrainSystem.Api) with <c>dotnet</c>,
    /// in its output directory, so it reads its own appsettings.json as deployed.
    /// </summary>
    public static ServiceProcess StartHost(string name, string project, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment)
    {
        var assembly = RepositoryLayout.HostAssembly(project);
        return Start(name, "dotnet", [assembly, .. arguments], environment, Path.GetDirectoryName(assembly));
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with the inherited environment overlaid by <paramref name="environment"/>
    /// (a null value removes the variable).
    /// </summary>
    public static ServiceProcess Start(string name, string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var logDirectory = Path.Combine(AppContext.BaseDirectory, "process-logs");
        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, $"{DateTime.UtcNow:HHmmss.fff}-{name}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };

        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        RecordPid(process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(name, process, log) { LogPath = logPath };
    }

    /// <summary>Completes when the process has exited.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGKILL: the process dies at once, as on a crash or an OOM kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>SIGSTOP: the process hangs with its sockets open, as a lost machine looks to its peers.</summary>
    public void Pause() => Signal(SigStop);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal(SigCont);

    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The last <paramref name="lines"/> lines of its output, to explain a failed start.</summary>
    public string ReadLogTail(int lines = 40) =>
        string.Join(System.Environment.NewLine, ReadLog().Split('\n').Select(l => l.TrimEnd('\r')).TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill(); // SIGKILL ends a stopped (SIGSTOP) process too
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        await _log.FlushAsync();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private const string SigCont = "CONT";
    private const string SigStop = "STOP";

    private void Signal(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString()]) { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} exited with {kill.ExitCode}");
        }
    }

    /// <summary>
    /// When the test runner is killed (a hang timeout), no fixture disposes its processes: test.sh ends the PIDs
    /// recorded in the file named by GRAINSYSTEM_TEST_PIDS after each test project.
    /// </summary>
    private static void RecordPid(int pid)
    {
        if (System.Environment.GetEnvironmentVariable("GRAINSYSTEM_TEST_PIDS") is { Length: > 0 } file)
        {
            lock (typeof(ServiceProcess))
            {
                File.AppendAllText(file, pid + System.Environment.NewLine);
            }
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after disposal is dropped.
            }
        }
    }
}

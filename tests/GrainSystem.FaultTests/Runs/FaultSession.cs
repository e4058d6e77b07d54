using System.Collections.Concurrent;
using GrainSystem.FaultTests.Checkers;
using GrainSystem.FaultTests.Cluster;
using GrainSystem.FaultTests.History;
using GrainSystem.FaultTests.Nemesis;
using GrainSystem.Testing;

namespace GrainSystem.FaultTests.Runs;

/// <summary>
/// One cluster and the runs made against it: each run starts a workload on fresh keys and topics (the locks are shared,
/// so fencing tokens are checked across every run), injects its faults one after another, finishes the workload and
/// checks the history.
/// </summary>
public sealed class FaultSession : IAsyncDisposable
{
    public const string LockPrefix = "fault-lock";

    /// <summary>A calm stretch before and after each fault, so each window starts and ends in a steady state.</summary>
    public static readonly TimeSpan Calm = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan WarmUpDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<LockOp> _earlierLocks = new();
    private readonly RunClock _clock = new();
    private int _runs;

    private FaultSession(FaultCluster cluster) => Cluster = cluster;

    public FaultCluster Cluster { get; }

    public Action<string> Log { get; set; } = Console.WriteLine;

    /// <summary>
    /// Starts the cluster and warms it up: a run without faults, whose report is kept (<see cref="WarmUpReport"/>)
    /// but which the profiles do not judge — the first calls of a cold cluster (activations, JIT, script loading on
    /// a starved machine) measure the start, not the failure handling.
    /// </summary>
    public static async Task<FaultSession> StartAsync(Action<string>? log = null)
    {
        var cluster = new FaultCluster();
        try
        {
            log?.Invoke("starting redis-server, three silos and the API");
            await cluster.StartAsync();
            var session = new FaultSession(cluster) { Log = log ?? Console.WriteLine };
            session.Log("cluster up; warming up");
            session.WarmUpReport = await session.RunAsync([]);
            RunFiles.Save("warm-up", session.WarmUpReport);
            return session;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public RunReport? WarmUpReport { get; private set; }

    /// <summary>
    /// Runs <paramref name="faults"/> in order under one workload — again and again until <paramref name="until"/>
    /// (monotonic time of this process) when given — then checks the run.
    /// </summary>
    public async Task<RunReport> RunAsync(IReadOnlyList<Fault> faults, DateTime? until = null, bool checkJobStorage = false)
    {
        await EnsureWholeAsync();
        var history = new RunHistory(_clock);
        await using var workload = new Workload.Workload(Cluster.ApiAddress, history, $"f{Interlocked.Increment(ref _runs)}{Guid.NewGuid():N}"[..10],
            LockPrefix, Workload.WorkloadShape.Faults);
        workload.Start();
        await Poll.UntilAsync(() => Features.All.All(f => FaultScheduler.AnsweredSince(history, f, 0)), WarmUpDeadline,
            "every feature to answer before the faults");
        var context = new FaultContext(Cluster, workload.Locks.Locks, Log, history.NemesisErrors.Enqueue);
        do
        {
            foreach (var fault in faults)
            {
                await Task.Delay(Calm);
                try
                {
                    await FaultScheduler.RunAsync(fault, context, history);
                }
                catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
                {
                    history.NemesisErrors.Enqueue($"{fault.Name}: {ex.Message}");
                    Log($"{fault.Name} failed: {ex.Message}");
                    await EnsureWholeAsync();
                }
            }
        }
        while (until is { } end && DateTime.UtcNow < end);

        await Task.Delay(Calm);
        await workload.FinishAsync();
        var storage = checkJobStorage ? await JobStorageCheck.FindLeftoversAsync(Cluster, workload.Api, history.Jobs) : null;
        var report = RunReport.Check(history, _earlierLocks, storage);
        foreach (var op in history.Locks)
        {
            _earlierLocks.Enqueue(op);
        }

        return report;
    }

    /// <summary>Full load without faults for <paramref name="duration"/>, sampling every process's memory.</summary>
    public async Task<SoakReport> SoakAsync(TimeSpan duration)
    {
        await EnsureWholeAsync();
        var history = new RunHistory(_clock);
        var sampler = new MemorySampler();
        using var stopSampling = new CancellationTokenSource();
        var sampling = sampler.RunAsync(SoakProcesses, () => history.Clock.Now, stopSampling.Token);
        var warmUp = TimeSpan.FromTicks(Math.Min(WarmUp.Ticks, duration.Ticks / 3));
        IReadOnlyList<(string Process, long Bytes)> heapsBefore, heapsAfter;
        await using (var workload = new Workload.Workload(Cluster.ApiAddress, history, $"s{Interlocked.Increment(ref _runs)}{Guid.NewGuid():N}"[..10],
            LockPrefix, Workload.WorkloadShape.FullLoad))
        {
            workload.Start();
            await Task.Delay(warmUp);
            heapsBefore = await MemorySampler.ManagedHeapsAsync(SoakProcesses());
            await Task.Delay(duration - warmUp);
            heapsAfter = await MemorySampler.ManagedHeapsAsync(SoakProcesses());
            await stopSampling.CancelAsync();
            await sampling;
            await workload.FinishAsync();
        }

        var report = RunReport.Check(history, _earlierLocks);
        foreach (var op in history.Locks)
        {
            _earlierLocks.Enqueue(op);
        }

        var resident = sampler.Growth(history.Start + warmUp.Ticks, TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, duration.Ticks / 6)));
        return new SoakReport(report, duration, resident, MemorySampler.Compare(heapsBefore, heapsAfter));
    }

    private IEnumerable<ServiceProcess> SoakProcesses() => Cluster.Running.Select(s => s.Process).Append(Cluster.Api);

    /// <summary>Brings back what an earlier run left broken: three running silos, a running API.</summary>
    public async Task EnsureWholeAsync()
    {
        Cluster.Redis.Resume();
        await Cluster.WaitUntilWholeAsync();
        if (Cluster.Api.HasExited)
        {
            Log("the API is gone: starting it again");
            await Cluster.RestartApiAsync();
        }
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}

using GrainSystem.Testing;

namespace GrainSystem.FaultTests.Nemesis;

/// <summary>SIGKILL of the silo hosting a lock; after a while a new silo takes its place.</summary>
public sealed class KillSilo(TimeSpan down) : Fault
{
    private SiloProcess? _victim;

    public override string Name => "kill silo";

    public override async Task InjectAsync(FaultContext context)
    {
        _victim = await context.LockHostAsync();
        context.Log($"SIGKILL {_victim.Name} (pid {_victim.Process.Pid})");
        _victim.Process.Kill();
    }

    public override Task HoldAsync(FaultContext context) => Task.Delay(down);

    public override async Task HealAsync(FaultContext context) => await context.Cluster.ReplaceSiloAsync(_victim!);
}

/// <summary>
/// SIGSTOP of a silo, held until its peers declared it dead; then SIGCONT. A silo declared dead must not come back:
/// it stops by itself (or is killed if it has not within a while), and a new silo takes its place.
/// </summary>
public sealed class PauseSilo : Fault
{
    private static readonly TimeSpan DetectionDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(20);

    private SiloProcess? _victim;

    public override string Name => "pause silo";

    public override async Task InjectAsync(FaultContext context)
    {
        _victim = await context.LockHostAsync();
        context.Log($"SIGSTOP {_victim.Name} (pid {_victim.Process.Pid})");
        _victim.Process.Pause();
    }

    public override async Task HoldAsync(FaultContext context)
    {
        var took = await context.Cluster.WaitUntilDeclaredDeadAsync(_victim!, DetectionDeadline);
        context.Log($"{_victim!.Name} declared dead after {took.TotalSeconds:0.0} s");
    }

    public override async Task HealAsync(FaultContext context)
    {
        _victim!.Process.Resume();
        var resumed = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await _victim.Process.WaitForExitAsync().WaitAsync(ExitDeadline);
            context.Log($"{_victim.Name} stopped by itself {resumed.Elapsed.TotalSeconds:0.0} s after SIGCONT");
        }
        catch (TimeoutException)
        {
            context.Fail($"{Name}: {_victim.Name}, declared dead, still running {ExitDeadline.TotalSeconds:0} s after SIGCONT; killed");
        }

        await context.Cluster.ReplaceSiloAsync(_victim);
    }
}

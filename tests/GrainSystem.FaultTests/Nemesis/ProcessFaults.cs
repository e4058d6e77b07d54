namespace GrainSystem.FaultTests.Nemesis;

/// <summary>Redis frozen (SIGSTOP) for a while, sockets open, then SIGCONT.</summary>
public sealed class FreezeRedis(TimeSpan frozen) : Fault
{
    public override string Name => $"freeze redis {frozen.TotalSeconds:0}s";

    public override Task InjectAsync(FaultContext context)
    {
        context.Log($"SIGSTOP redis-server (pid {context.Cluster.Redis.Pid})");
        context.Cluster.Redis.Pause();
        return Task.CompletedTask;
    }

    public override Task HoldAsync(FaultContext context) => Task.Delay(frozen);

    public override Task HealAsync(FaultContext context)
    {
        context.Cluster.Redis.Resume();
        return Task.CompletedTask;
    }
}

/// <summary>Redis killed (SIGKILL) and started again on its append-only file (synced on every write).</summary>
public sealed class RestartRedis : Fault
{
    public override string Name => "restart redis";

    public override async Task InjectAsync(FaultContext context)
    {
        context.Log($"SIGKILL redis-server (pid {context.Cluster.Redis.Pid}), then start it on its append-only file");
        await context.Cluster.Redis.RestartAsync();
    }

    public override Task HoldAsync(FaultContext context) => Task.CompletedTask;

    public override Task HealAsync(FaultContext context) => Task.CompletedTask;
}

/// <summary>The API process killed (SIGKILL) and, after a while, started again on the same address.</summary>
public sealed class RestartApi(TimeSpan down) : Fault
{
    public override string Name => "restart api";

    public override Task InjectAsync(FaultContext context)
    {
        context.Log($"SIGKILL the API (pid {context.Cluster.Api.Pid})");
        context.Cluster.Api.Kill();
        return Task.CompletedTask;
    }

    public override Task HoldAsync(FaultContext context) => Task.Delay(down);

    public override Task HealAsync(FaultContext context) => context.Cluster.RestartApiAsync();
}

/// <summary>
/// Several faults at once: injected together, held together, healed in the order given — list a fault of what the others'
/// heals need first (Redis, which a new silo joins through), so that each heal finds a working environment. With
/// <see cref="HealEachWhenHeld"/> each fault is healed as soon as its own hold ends instead (an API restarted while a
/// silo is still frozen).
/// </summary>
public sealed class Combined(params Fault[] faults) : Fault
{
    public bool HealEachWhenHeld { get; init; }

    public override string Name => string.Join(" + ", faults.Select(f => f.Name));

    public override async Task InjectAsync(FaultContext context)
    {
        foreach (var fault in faults)
        {
            await fault.InjectAsync(context);
        }
    }

    public override Task HoldAsync(FaultContext context) => HealEachWhenHeld
        ? Task.WhenAll(faults.Select(async f =>
        {
            await f.HoldAsync(context);
            await f.HealAsync(context);
        }))
        : Task.WhenAll(faults.Select(f => f.HoldAsync(context)));

    public override async Task HealAsync(FaultContext context)
    {
        foreach (var fault in HealEachWhenHeld ? [] : faults)
        {
            await fault.HealAsync(context);
        }
    }
}

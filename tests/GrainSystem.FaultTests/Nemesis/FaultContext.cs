using GrainSystem.Abstractions.Locking;
using GrainSystem.FaultTests.Cluster;
using GrainSystem.Testing;

namespace GrainSystem.FaultTests.Nemesis;

/// <summary>
/// What a fault acts on: the cluster, the locks the workload contends for (faults aim at their silo), a log, and where
/// a fault reports what the cluster failed to do by itself (a silo declared dead that did not stop).
/// </summary>
public sealed class FaultContext(FaultCluster cluster, IReadOnlyList<string> locks, Action<string> log, Action<string>? failed = null)
{
    private readonly Random _random = new();

    public FaultCluster Cluster => cluster;

    public void Log(string message) => log(message);

    /// <summary>Logs <paramref name="message"/> and records it against the run (it is not clean).</summary>
    public void Fail(string message)
    {
        log(message);
        failed?.Invoke(message);
    }

    /// <summary>The silo hosting the first lock (so that a held lock fails over), or any running silo if that cannot be told.</summary>
    public async Task<SiloProcess> LockHostAsync(SiloProcess? except = null)
    {
        foreach (var name in locks)
        {
            try
            {
                var host = await cluster.SiloHostingAsync(cluster.Client.GetGrain<ILockGrain>(name)).WaitAsync(TimeSpan.FromSeconds(5));
                if (host != except && !host.Process.HasExited)
                {
                    return host;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or OrleansException)
            {
                // Not active anywhere right now: try the next lock, or pick at random.
            }
        }

        var candidates = cluster.Running.Where(s => s != except).ToList();
        return candidates[_random.Next(candidates.Count)];
    }
}

using System.Globalization;
using System.Text.Json;
using GrainSystem.Testing;

namespace GrainSystem.FaultTests.Cluster;

/// <summary>
/// The cluster a fault run attacks: three silo processes and the API process on loopback, on a private redis-server
/// that syncs its append-only file on every write, with the settings in <see cref="FaultSettings"/>.
/// </summary>
public sealed class FaultCluster : ClusterDeployment
{
    private int _restarts;

    public FaultCluster()
    {
        foreach (var (key, value) in FaultSettings.Environment)
        {
            Settings[key] = value;
        }
    }

    public override int SiloCount => 3;

    /// <summary>Generous: silos start while the machine runs the workload (and, on a shared machine, other builds).</summary>
    protected override TimeSpan StartTimeout => TimeSpan.FromSeconds(180);

    protected override RedisServerOptions RedisOptions => new() { AppendOnly = true, AppendFsync = "always" };

    /// <summary>A silo its peers declared dead while the cluster started (a starved machine) is replaced, as later.</summary>
    protected override Task WaitForSilosAsync() => WaitUntilWholeAsync();

    /// <summary>The silo processes still running (a paused one included).</summary>
    public IReadOnlyList<SiloProcess> Running => [.. Silos.Where(s => !s.Process.HasExited)];

    /// <summary>
    /// Starts a silo in place of <paramref name="old"/> (killed first if it still runs), with extra environment, and
    /// waits until the cluster is whole again (<see cref="WaitUntilWholeAsync"/>).
    /// </summary>
    public async Task<SiloProcess> ReplaceSiloAsync(SiloProcess old, IReadOnlyDictionary<string, string?>? extra = null)
    {
        old.Process.Kill();
        var silo = StartSilo(NextName(old), extra);
        await WaitUntilWholeAsync();
        return silo;
    }

    /// <summary>
    /// Waits until <see cref="SiloCount"/> running silo processes are active in the membership table. A silo that
    /// stops meanwhile — one its peers declared dead, rightly or not (a starved machine) — is replaced by a new one.
    /// </summary>
    public Task WaitUntilWholeAsync() =>
        Poll.UntilAsync(async () =>
        {
            foreach (var gone in Silos.Where(s => s.Process.HasExited).TakeLast(SiloCount - Running.Count).ToList())
            {
                StartSilo(NextName(gone));
            }

            var rows = await Redis.Database.HashGetAllAsync(MembershipKey);
            return Running.Count(s => rows.Any(r => IsRowOf(r.Name.ToString(), s) && IsActive(r.Value.ToString()))) >= SiloCount;
        }, StartTimeout, $"{SiloCount} running silos to be active", TimeSpan.FromMilliseconds(250));

    /// <summary>Starts one silo more than <see cref="SiloCount"/> and waits until it is active.</summary>
    public async Task<SiloProcess> AddSiloAsync(string name, IReadOnlyDictionary<string, string?> extra)
    {
        var silo = StartSilo($"{name}-{Interlocked.Increment(ref _restarts)}", extra);
        await Poll.UntilAsync(async () => !silo.Process.HasExited && await MembershipRowAsync(silo) is { } row && Status(row) is "3" or "Active",
            StartTimeout, $"{silo.Name} to be active", TimeSpan.FromMilliseconds(250));
        return silo;
    }

    /// <summary>Waits until the membership table says <paramref name="silo"/> is dead (declared by its peers, or gone).</summary>
    public Task<TimeSpan> WaitUntilDeclaredDeadAsync(SiloProcess silo, TimeSpan timeout) =>
        Poll.UntilAsync(async () => await MembershipRowAsync(silo) is { } row && Status(row) is "6" or "Dead",
            timeout, $"{silo.Name} to be declared dead", TimeSpan.FromMilliseconds(200));

    /// <summary>How far the clock of <paramref name="silo"/> is ahead of this process's, read from the time it stamps on its membership row.</summary>
    public async Task<TimeSpan> ClockOffsetAsync(SiloProcess silo)
    {
        var row = await MembershipRowAsync(silo) ?? throw new InvalidOperationException($"{silo.Name} has no membership row");
        var stamped = DateTime.Parse(row.GetProperty("IAmAliveTime").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var started = DateTime.Parse(row.GetProperty("StartTime").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        return (stamped > started ? stamped : started) - DateTime.UtcNow;
    }

    private async Task<JsonElement?> MembershipRowAsync(SiloProcess silo)
    {
        var rows = await Redis.Database.HashGetAllAsync(MembershipKey);
        var row = rows.FirstOrDefault(r => IsRowOf(r.Name.ToString(), silo));
        if (row.Value.IsNullOrEmpty)
        {
            return null;
        }

        using var document = JsonDocument.Parse(row.Value.ToString());
        return document.RootElement.Clone();
    }

    private string MembershipKey => $"{ServiceId}/members/{ClusterId}";

    private string NextName(SiloProcess old) => $"{old.Name.Split('-')[0]}-r{Interlocked.Increment(ref _restarts)}";

    /// <summary>Rows are named by the silo address, <c>S{ip}:{port}:{generation}</c>.</summary>
    private static bool IsRowOf(string field, SiloProcess silo) => field.Contains($":{silo.SiloPort}:", StringComparison.Ordinal);

    private static bool IsActive(string row) =>
        row.Contains("\"Status\":3", StringComparison.Ordinal) || row.Contains("\"Status\":\"Active\"", StringComparison.Ordinal);

    private static string Status(JsonElement row) => row.GetProperty("Status").ToString();
}

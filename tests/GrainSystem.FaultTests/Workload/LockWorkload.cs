using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GrainSystem.FaultTests.Checkers;
using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Workload;

/// <summary>
/// Clients contending for a few locks: acquire (waiting a little), hold for a while — sometimes renewing — and release.
/// Holds are a fraction of the lease, so a lock is usually held when a fault strikes and its lease outlives a failover.
/// </summary>
public sealed class LockWorkload(ApiClient api, IReadOnlyList<string> locks, TimeSpan lease)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public IReadOnlyList<string> Locks => locks;

    public TimeSpan Lease => lease;

    public async Task RunClientAsync(int client, CancellationToken stop)
    {
        var random = new Random(client * 104729);
        while (!stop.IsCancellationRequested)
        {
            var name = locks[random.Next(locks.Count)];
            var grant = await AcquireAsync(client, name);
            if (grant is not { } token)
            {
                await Pause.ForAsync(TimeSpan.FromMilliseconds(100 + random.Next(200)), stop);
                continue;
            }

            var hold = TimeSpan.FromTicks((long)(lease.Ticks * (0.1 + (random.NextDouble() * 0.3))));
            await Pause.ForAsync(hold, stop);
            if (random.Next(3) == 0 && !stop.IsCancellationRequested)
            {
                await OwnerCallAsync(client, name, LockOpKind.Renew, token);
                await Pause.ForAsync(hold, stop);
            }

            // Released even when stopping, so that a run ends with free locks (calls are never cancelled once sent).
            await ReleaseAsync(client, name, token);
        }
    }

    /// <summary>One release, recorded.</summary>
    public Task ReleaseAsync(int client, string name, string token) => OwnerCallAsync(client, name, LockOpKind.Release, token);

    /// <summary>Shows every lock once the run is over and every lease has ended.</summary>
    public async Task InspectAllAsync(TimeSpan deadline)
    {
        using var cancel = new CancellationTokenSource(deadline);
        foreach (var name in locks)
        {
            while (!cancel.IsCancellationRequested)
            {
                var attempt = await api.SendAsync(Features.Locks, "GET /locks", () => new HttpRequestMessage(HttpMethod.Get, $"/locks/{name}"));
                if (attempt.Is(HttpStatusCode.OK))
                {
                    var info = JsonDocument.Parse(attempt.Body).RootElement;
                    api.History.LockFinals.Enqueue(new LockFinal(name, info.GetProperty("held").GetBoolean(),
                        info.GetProperty("owner").GetString(), info.GetProperty("fencingToken").GetInt64(), api.History.Clock.Now));
                    break;
                }

                await Pause.ForAsync(TimeSpan.FromMilliseconds(500), cancel.Token);
            }
        }
    }

    /// <summary>One acquire (waiting up to 2 s), recorded; the owner token when granted.</summary>
    public async Task<string?> AcquireAsync(int client, string name)
    {
        var key = Guid.NewGuid().ToString("N");
        var body = new { owner = $"c{client}", leaseSeconds = lease.TotalSeconds, waitSeconds = Wait.TotalSeconds };
        var (attempt, invoke) = await api.CallAsync(Features.Locks, "POST /locks/acquire",
            () => ApiClient.WithKey(new HttpRequestMessage(HttpMethod.Post, $"/locks/{name}/acquire") { Content = JsonContent.Create(body) }, key),
            idempotent: true, allowance: Wait);
        string? token = null;
        long fencing = 0;
        var answer = LockAnswer.None;
        if (attempt.Is(HttpStatusCode.OK))
        {
            var grant = JsonDocument.Parse(attempt.Body).RootElement;
            token = grant.GetProperty("token").GetString();
            fencing = grant.GetProperty("fencingToken").GetInt64();
            answer = LockAnswer.Granted;
        }
        else if (attempt.Is(HttpStatusCode.Conflict))
        {
            answer = LockAnswer.Busy;
        }

        Record(client, name, LockOpKind.Acquire, token, attempt, answer, fencing, invoke);
        return token;
    }

    private async Task OwnerCallAsync(int client, string name, LockOpKind kind, string token)
    {
        var verb = kind == LockOpKind.Renew ? "renew" : "release";
        object body = kind == LockOpKind.Renew ? new { token, leaseSeconds = lease.TotalSeconds } : new { token };
        var (attempt, invoke) = await api.CallAsync(Features.Locks, $"POST /locks/{verb}",
            () => new HttpRequestMessage(HttpMethod.Post, $"/locks/{name}/{verb}") { Content = JsonContent.Create(body) },
            idempotent: false);
        var answer = (HttpStatusCode)attempt.Status switch
        {
            HttpStatusCode.OK when kind == LockOpKind.Renew => LockAnswer.Renewed,
            HttpStatusCode.NoContent when kind == LockOpKind.Release => LockAnswer.Released,
            HttpStatusCode.Conflict => LockAnswer.NotOwner,
            _ => LockAnswer.None,
        };
        var fencing = answer == LockAnswer.Renewed ? JsonDocument.Parse(attempt.Body).RootElement.GetProperty("fencingToken").GetInt64() : 0;
        Record(client, name, kind, token, attempt, answer, fencing, invoke);
    }

    private void Record(int client, string name, LockOpKind kind, string? token, Attempt attempt, LockAnswer answer, long fencing, long invoke)
    {
        var outcome = attempt.Outcome == Outcome.Ok && answer == LockAnswer.None ? Outcome.Indeterminate : attempt.Outcome;
        var asked = kind == LockOpKind.Release ? TimeSpan.Zero : lease;
        api.History.Locks.Enqueue(new LockOp(client, name, kind, token, asked, outcome, answer, fencing, invoke,
            outcome == Outcome.Indeterminate ? RunClock.Never : api.History.Clock.Now));
    }

    public override string ToString() => string.Join(", ", locks) + " lease " + lease.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s";
}

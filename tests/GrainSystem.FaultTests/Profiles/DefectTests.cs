using System.Net;
using System.Text.Json;
using GrainSystem.Abstractions.Locking;
using GrainSystem.FaultTests.Checkers.Jobs;
using GrainSystem.FaultTests.Checkers.Locks;
using GrainSystem.FaultTests.History;
using GrainSystem.FaultTests.Nemesis;
using GrainSystem.FaultTests.Runs;
using GrainSystem.FaultTests.Workload;
using GrainSystem.Testing;
using Xunit.Abstractions;

namespace GrainSystem.FaultTests.Profiles;

/// <summary>
/// Faults aimed at one guarantee each, where the profiles only meet the failure by chance: a lock moving onto a silo
/// whose clock is ahead, and a finished job's storage after its retention. Checked by the same checkers.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class DefectTests(FaultSessionFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(20);

    [FaultFact(Skip = "Placement: a held lock's activation is not collected, so it seldom moves to the skewed silo and the run cannot reach the take-over; the take-over under a 40 s skew is proven in TestCluster by LockClockSkewTests")]
    public async Task A_lock_taken_over_by_a_silo_40_s_ahead_keeps_one_holder()
    {
        var cluster = fixture.Session.Cluster;
        await fixture.Session.EnsureWholeAsync();
        var history = new RunHistory();
        using var api = new ApiClient(cluster.ApiAddress, history);
        var name = $"skew-{Guid.NewGuid():N}";
        var locks = new LockWorkload(api, [name], Lease);
        var first = await locks.AcquireAsync(1, name);
        Assert.NotNull(first);
        var skewed = await cluster.AddSiloAsync("skewed", SkewClock.Environment(FaultCatalog.ClockOffset));
        try
        {
            // The holder keeps its lease (20 s) while the lock's activation is collected until it comes back on the skewed silo.
            var grain = cluster.Client.GetGrain<ILockGrain>(name);
            var management = cluster.Client.GetGrain<IManagementGrain>(0);
            var host = await cluster.SiloHostingAsync(grain);
            for (var attempt = 0; attempt < 20 && host != skewed; attempt++)
            {
                await management.ForceActivationCollection(TimeSpan.Zero);
                await api.SendAsync(Checkers.Features.Locks, "GET /locks", () => new HttpRequestMessage(HttpMethod.Get, $"/locks/{name}"));
                host = await cluster.SiloHostingAsync(grain);
            }

            Assert.True(host == skewed, "the lock never activated on the skewed silo");
            output.WriteLine($"lock {name} now on {skewed.Name}; another client asks for it");
            var second = await locks.AcquireAsync(2, name);
            if (second is not null)
            {
                await locks.ReleaseAsync(2, name, second);
            }

            await locks.ReleaseAsync(1, name, first);
        }
        finally
        {
            skewed.Process.Kill();
            await cluster.WaitUntilWholeAsync();
        }

        var result = LockChecker.Check(history.Locks, []);
        output.WriteLine(result.ToString());
        Assert.Empty(result.Anomalies);
    }

    [FaultFact]
    public async Task A_finished_job_leaves_nothing_in_redis_once_its_retention_ended()
    {
        var cluster = fixture.Session.Cluster;
        await fixture.Session.EnsureWholeAsync();
        var history = new RunHistory();
        using var api = new ApiClient(cluster.ApiAddress, history);
        var submit = await api.SendAsync(Checkers.Features.Jobs, "POST /jobs", () => new HttpRequestMessage(HttpMethod.Post, "/jobs")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { operation = "square", items = new[] { 1, 2, 3 }, chunkSize = 1 }),
        });
        Assert.Equal(HttpStatusCode.Accepted, (HttpStatusCode)submit.Status);
        var id = JsonDocument.Parse(submit.Body).RootElement.GetProperty("id").GetString()!;
        var job = new JobRecord(0, id, [1, 4, 9], Outcome.Ok, 0, history.Clock.Now, "Completed", [1, 4, 9]);

        // Answered 404 from the end of its retention on; its stored data must be gone by the next expiry check.
        await Poll.UntilAsync(async () => (await api.SendAsync(Checkers.Features.Jobs, "GET /jobs",
            () => new HttpRequestMessage(HttpMethod.Get, $"/jobs/{id}"))).Is(HttpStatusCode.NotFound), JobStorageCheck.ExpiredAfter * 2, $"job {id} to expire");
        await Poll.UntilAsync(() => history.Clock.Now - job.Complete > JobStorageCheck.ExpiredAfter.Ticks, JobStorageCheck.ExpiredAfter * 2,
            "the expiry checks to pass", TimeSpan.FromSeconds(1));
        var storage = await JobStorageCheck.FindLeftoversAsync(cluster, api, [job]);

        var result = JobChecker.Check([job], storage);
        output.WriteLine(result.ToString());
        Assert.Empty(result.Anomalies);
    }
}

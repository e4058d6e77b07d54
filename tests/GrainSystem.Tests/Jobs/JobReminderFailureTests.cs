using System.Collections.Concurrent;
using System.Text.Json;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Jobs;

/// <summary>A job whose resume reminder cannot be registered is refused, with nothing stored (a cluster of its own: its reminder table fails on demand).</summary>
public sealed class JobReminderFailureTests(JobReminderFailureTests.Fixture fixture) : IClassFixture<JobReminderFailureTests.Fixture>
{
    [Fact]
    public async Task A_job_that_cannot_get_its_resume_reminder_is_refused_and_stores_nothing_and_a_retry_is_accepted()
    {
        var id = Guid.NewGuid().ToString("N");
        var job = fixture.Cluster.Client.GetGrain<IJobGrain>(id);
        var spec = new JobSpec("square", "{}", JsonSerializer.Serialize(new[] { 2, 3 }), 1, 2, 3);
        FailingReminderTable.FailUpsertsOf(job.GetGrainId());

        var refused = await job.SubmitAsync(spec);

        Assert.Equal(JobSubmitStatus.Unavailable, refused.Status);
        Assert.False(await StoredAsync(job, "spec"));
        Assert.Null(await job.GetInfoAsync());

        // The reminder table is back: the same submission is accepted and runs.
        FailingReminderTable.Heal(job.GetGrainId());
        Assert.Equal(JobSubmitStatus.Accepted, (await job.SubmitAsync(spec)).Status);
        var status = await JobsClusterFixture.FinishedAsync(job);
        Assert.Equal(JobState.Completed, status.State);
        Assert.Equal("[4,9]", (await job.GetResultsAsync()).Json);
    }

    private Task<bool> StoredAsync(IJobGrain job, string stateName) => fixture.Cluster.HasStateAsync(job.GetGrainId(), stateName);

    public sealed class Fixture : IAsyncLifetime
    {
        public InProcessTestCluster Cluster { get; } = TestClusters.Build(silos: 1, configureSilo: silo =>
        {
            // Wraps the reminder table the production registration chose (in memory here).
            var inner = silo.Services.Last(d => d.ServiceType == typeof(IReminderTable));
            silo.Services.AddSingleton<IReminderTable>(sp => new FailingReminderTable(
                (IReminderTable)(inner.ImplementationFactory?.Invoke(sp) ?? inner.ImplementationInstance
                    ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!))));
        });

        public Task InitializeAsync() => Cluster.DeployAsync();

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }

    /// <summary>A reminder table that refuses to store reminders of chosen grains (as a storage outage would).</summary>
    private sealed class FailingReminderTable(IReminderTable inner) : IReminderTable
    {
        private static readonly ConcurrentDictionary<GrainId, bool> Failing = new();

        public static void FailUpsertsOf(GrainId grain) => Failing[grain] = true;

        public static void Heal(GrainId grain) => Failing.TryRemove(grain, out _);

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

        public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

        public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end);

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => inner.ReadRow(grainId, reminderName);

        public Task<string?> UpsertRow(ReminderEntry entry) => Failing.ContainsKey(entry.GrainId)
            ? Task.FromException<string?>(new TimeoutException("test: the reminder table is unavailable"))
            : inner.UpsertRow(entry);

        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => inner.RemoveRow(grainId, reminderName, eTag);

        public Task TestOnlyClearTable() => inner.TestOnlyClearTable();
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace GrainSystem.Tests.Jobs;

/// <summary>
/// The deletion of an expired job under storage faults: whatever fails or lands unanswered, every state of the job is
/// deleted in the end, its expiry reminder leaves with it, and nothing stores its record again (a cluster of its own:
/// its storage fails on demand, and finished jobs are kept 3 s).
/// </summary>
public sealed class JobExpiryFaultTests(JobExpiryFaultTests.Fixture fixture) : IClassFixture<JobExpiryFaultTests.Fixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly string[] States = ["job", "spec", "results-0"];

    [Theory]
    [InlineData(GrainStorageOperation.Write, "job")]
    [InlineData(GrainStorageOperation.Clear, "spec")]
    [InlineData(GrainStorageOperation.Clear, "job")]
    public async Task A_deletion_step_that_landed_but_timed_out_does_not_stop_the_deletion(GrainStorageOperation operation, string state)
    {
        // Write of job: the expired mark; Clear of spec or job: a deletion step (as a Redis freeze does: the command
        // runs once the server resumes, after the caller gave up on its answer).
        var job = await FinishedAsync();
        fixture.Storage.LoseNextAnswer(c => c.GrainId == job.GetGrainId() && c.Operation == operation && c.StateName == state);

        // No call: the expiry reminder deletes the job, and retries what failed.
        await Poll.UntilAsync(async () => !await AnyStoredAsync(job) && !await ExpiryReminderExistsAsync(job), Deadline,
            "the job's states and its expiry reminder to be deleted");
        Assert.Null(await job.GetInfoAsync());
    }

    [Fact]
    public async Task A_job_whose_expired_mark_cannot_be_stored_is_deleted_all_the_same_once_storage_is_back_even_by_another_activation()
    {
        var job = await FinishedAsync();
        var attempts = 0;
        fixture.Storage.Fails = c =>
        {
            if (c.GrainId != job.GetGrainId() || c.StateName != "job" || c.Operation == GrainStorageOperation.Read)
            {
                return false;
            }

            Interlocked.Increment(ref attempts);
            return true;
        };

        // The job answers 404 from its retention's end, while its deletion keeps failing; then its activation is lost
        // (its last write on deactivation fails too).
        await Poll.UntilAsync(async () => await job.GetInfoAsync() is null && Volatile.Read(ref attempts) >= 3, Deadline,
            "the deletion to fail a few times");
        await fixture.Cluster.DeactivateAsync(job);
        fixture.Storage.Fails = _ => false;

        // A new activation takes it from what is stored.
        await Poll.UntilAsync(async () => await job.GetInfoAsync() is null && !await AnyStoredAsync(job), Deadline,
            "the job's states to be deleted");
    }

    [Fact]
    public async Task An_activation_that_reads_the_spec_before_a_deletion_and_the_record_after_it_does_not_run_or_store_the_job_again()
    {
        var job = await FinishedAsync();
        await fixture.Cluster.DeactivateAsync(job);

        // Another activation (a duplicate during a failover) deletes the job between this activation's two reads.
        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Storage.AfterNextRead(job.GetGrainId(), "spec", async () =>
        {
            foreach (var name in States)
            {
                await fixture.Storage.ClearBehindAsync(job.GetGrainId(), name);
            }

            deleted.SetResult();
        });
        fixture.Storage.BeforeNextRead(job.GetGrainId(), "job", () => deleted.Task.WaitAsync(Deadline));

        Assert.Null(await job.GetInfoAsync());
        Assert.Null(await job.GetInfoAsync());
        Assert.False(await AnyStoredAsync(job));
    }

    [Fact]
    public async Task A_job_whose_expiry_reminder_could_not_be_registered_when_it_finished_is_deleted_all_the_same_without_any_call()
    {
        var id = Guid.NewGuid().ToString("N");
        fixture.Reminders.FailNextUpsert(fixture.Cluster.Client.GetGrain<IJobGrain>(id).GetGrainId(), "expire");

        var job = await FinishedAsync(id);

        await Poll.UntilAsync(async () => !await AnyStoredAsync(job), Deadline, "the job's states to be deleted");
    }

    /// <summary>A job that completed and whose final state is stored (its retention has just begun).</summary>
    private async Task<IJobGrain> FinishedAsync(string? id = null)
    {
        var job = fixture.Cluster.Client.GetGrain<IJobGrain>(id ?? Guid.NewGuid().ToString("N"));
        var submission = await job.SubmitAsync(new JobSpec("square", "{}", JsonSerializer.Serialize(new[] { 2, 3 }), 1, 2, 3));
        Assert.True(submission.Status == JobSubmitStatus.Accepted, $"{submission.Status}: {submission.Message}");
        await Poll.UntilAsync(async () =>
            (await fixture.Cluster.ReadStateAsync<JobProgressState>(job.GetGrainId(), "job")).State?.State == JobState.Completed,
            Deadline, "the job's completion to be stored");
        return job;
    }

    private async Task<bool> AnyStoredAsync(IJobGrain job)
    {
        foreach (var name in States)
        {
            if (await fixture.Cluster.HasStateAsync(job.GetGrainId(), name))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> ExpiryReminderExistsAsync(IJobGrain job)
    {
        var table = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress).GetRequiredService<IReminderTable>();
        return await table.ReadRow(job.GetGrainId(), "expire") is not null;
    }

    public sealed class Fixture() : FaultyStorageFixture(resumeCheckPeriod: "00:00:02");

    /// <summary>One silo whose grain storage and reminder table fail as a test says; finished jobs kept 3 s.</summary>
    public abstract class FaultyStorageFixture : IAsyncLifetime
    {
        protected FaultyStorageFixture(string resumeCheckPeriod) => Cluster = TestClusters.Build(silos: 1, new Dictionary<string, string?>
        {
            ["Jobs:FinishedRetention"] = "00:00:03",
            ["Jobs:ResumeCheckPeriod"] = resumeCheckPeriod,
        }, configureSilo: silo =>
        {
            silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (_, _) => Storage);

            // Wraps the reminder table the production registration chose (in memory here).
            var inner = silo.Services.Last(d => d.ServiceType == typeof(IReminderTable));
            silo.Services.AddSingleton<IReminderTable>(sp => Reminders.Wrap(
                (IReminderTable)(inner.ImplementationFactory?.Invoke(sp) ?? inner.ImplementationInstance
                    ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!))));
        });

        public InProcessTestCluster Cluster { get; }

        public FaultyStorage Storage { get; } = new();

        public FaultyReminderTable Reminders { get; } = new();

        public Task InitializeAsync() => Cluster.DeployAsync();

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }

    /// <summary>
    /// <see cref="InMemoryGrainStorage"/> with actions run around a chosen read, so a test can stand between an
    /// activation's reads of its states.
    /// </summary>
    public sealed class FaultyStorage : IGrainStorage
    {
        private readonly InMemoryGrainStorage _inner = new();
        private readonly Lock _lock = new();
        private readonly Dictionary<(GrainId, string), Func<Task>> _before = [];
        private readonly Dictionary<(GrainId, string), Func<Task>> _after = [];

        public Func<GrainStorageCall, bool> Fails { get => _inner.Fails; set => _inner.Fails = value; }

        public void LoseNextAnswer(Func<GrainStorageCall, bool> match) => _inner.LoseNextAnswer(match);

        public void BeforeNextRead(GrainId grain, string stateName, Func<Task> action) => Arm(_before, grain, stateName, action);

        public void AfterNextRead(GrainId grain, string stateName, Func<Task> action) => Arm(_after, grain, stateName, action);

        /// <summary>Deletes a state behind the grains' backs, as another activation would.</summary>
        public async Task ClearBehindAsync(GrainId grain, string stateName)
        {
            var state = new GrainState<JsonElement>();
            await _inner.ReadStateAsync(stateName, grain, state);
            if (state.RecordExists)
            {
                await _inner.ClearStateAsync(stateName, grain, state);
            }
        }

        public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (Take(_before, grainId, stateName) is { } before)
            {
                await before();
            }

            await _inner.ReadStateAsync(stateName, grainId, grainState);
            if (Take(_after, grainId, stateName) is { } after)
            {
                await after();
            }
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            _inner.WriteStateAsync(stateName, grainId, grainState);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            _inner.ClearStateAsync(stateName, grainId, grainState);

        private void Arm(Dictionary<(GrainId, string), Func<Task>> actions, GrainId grain, string stateName, Func<Task> action)
        {
            lock (_lock)
            {
                actions[(grain, stateName)] = action;
            }
        }

        private Func<Task>? Take(Dictionary<(GrainId, string), Func<Task>> actions, GrainId grain, string stateName)
        {
            lock (_lock)
            {
                return actions.Remove((grain, stateName), out var action) ? action : null;
            }
        }
    }

    /// <summary>A reminder table that fails the next registration of a chosen reminder (as a storage outage would).</summary>
    public sealed class FaultyReminderTable : IReminderTable
    {
        private readonly ConcurrentDictionary<(GrainId, string), bool> _failing = new();
        private IReminderTable _inner = null!;

        public IReminderTable Wrap(IReminderTable inner)
        {
            _inner = inner;
            return this;
        }

        public void FailNextUpsert(GrainId grain, string reminderName) => _failing[(grain, reminderName)] = true;

        public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken = default) => _inner.StopAsync(cancellationToken);

        public Task<ReminderTableData> ReadRows(GrainId grainId) => _inner.ReadRows(grainId);

        public Task<ReminderTableData> ReadRows(uint begin, uint end) => _inner.ReadRows(begin, end);

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => _inner.ReadRow(grainId, reminderName);

        public Task<string?> UpsertRow(ReminderEntry entry) => _failing.TryRemove((entry.GrainId, entry.ReminderName), out _)
            ? Task.FromException<string?>(new TimeoutException("test: the reminder table is unavailable"))
            : _inner.UpsertRow(entry);

        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => _inner.RemoveRow(grainId, reminderName, eTag);

        public Task TestOnlyClearTable() => _inner.TestOnlyClearTable();
    }
}

using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Storage;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// One job: answers its requests by asking its <see cref="JobRun"/> where the job is in its life, and delegates the
/// work: running it (<see cref="JobRunner"/>: dispatch, retries, results), its durable record (<see cref="JobProgress"/>),
/// its reminders and its expiry. Requests never wait for chunks. Durable state is split three ways so storage bytes
/// stay linear: the spec (written once), the small record of the state machine (written on transitions) and the
/// append-only result log.
/// </summary>
public sealed class JobGrain : Grain, IJobGrain, IRemindable
{
    private readonly IPersistentState<JobSpecState> _spec;
    private readonly ChunkOperationCatalog _operations;
    private readonly JobOptions _options;
    private readonly ILogger<JobGrain> _logger;
    private readonly string _jobId;
    private readonly JobRun _run = new();
    private readonly JobProgress _progress;
    private readonly JobReminders _reminders;
    private readonly JobExpiry _expiry;
    private readonly JobRunner _runner;

    public JobGrain(
        [PersistentState("spec")] IPersistentState<JobSpecState> spec,
        [PersistentState("job")] IPersistentState<JobProgressState> progress,
        [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainStorage storage,
        ChunkOperationCatalog operations,
        IGrainFactory grains,
        IClusterMembershipService membership,
        ILocalSiloDetails localSilo,
        IOptions<JobOptions> options,
        ILogger<JobGrain> logger)
    {
        _spec = spec;
        _operations = operations;
        _options = options.Value;
        _logger = logger;
        _jobId = this.GetPrimaryKeyString();
        _progress = new JobProgress(progress, onConflict: Abandon, logger, _jobId);
        _reminders = new JobReminders(this, logger, _jobId);
        var log = new JobResultLog(storage, this.GetGrainId());
        _expiry = new JobExpiry(this, _jobId, _run, spec, _progress, log, _reminders, _options, logger);
        _runner = new JobRunner(this, _jobId, _run, spec, _progress, log, _expiry, grains, membership, localSilo, _options, logger);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await _expiry.SettleReadsAsync();
        _run.Restore(_progress.Record, _spec.RecordExists);
        if (!_spec.RecordExists)
        {
            return;
        }

        _runner.Prepare();
        if (_run.IsUnfinished)
        {
            // Woken after the loss of its silo (by the reminder, or by any call): its resume reminder exists.
            _reminders.MarkResumeRegistered();
            await _runner.ResumeAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _runner.Halt(); // also ends the result writes after the current one
        if (_run.IsAbandoned)
        {
            return;
        }

        try
        {
            if (_run.IsUnfinished)
            {
                // One bounded final write of what was recorded since the last batch; anything lost here is run again by
                // the next activation (at-least-once).
                await _runner.WriteRemainingAsync(cancellationToken);
            }
            else if (_progress.HasUnsavedChanges)
            {
                // A final state whose write failed so far: written now, or a resumed activation would run the job again.
                await _progress.SaveAsync().WaitAsync(cancellationToken);
            }
        }
        catch (Exception e)
        {
            _logger.LogStorageFailed(e, _jobId, _run.IsUnfinished ? "result log" : "job state");
        }
    }

    public async Task<JobSubmitResult> SubmitAsync(JobSpec spec)
    {
        if (_expiry.IsDue || _run.IsDeleted)
        {
            // The id's previous job reached the end of its retention: delete it first; this activation leaves with it.
            var deleted = await _expiry.ExpireOnceAsync();
            return new(JobSubmitStatus.Unavailable, null, null, deleted
                ? "a finished job with this id was just deleted at the end of its retention; retry to submit the new one"
                : "a finished job with this id is being deleted at the end of its retention; retry later", []);
        }

        if (_run.IsStored)
        {
            return JobChunking.Resubmitted(spec, _spec.State, _runner.Info());
        }

        if (!_operations.TryGet(spec.Operation, out _))
        {
            DeactivateOnIdle();
            return new(JobSubmitStatus.UnknownOperation, null, "operation",
                $"unknown operation '{spec.Operation}'; known operations: {string.Join(", ", _operations.Names)}", _operations.Names);
        }

        var (stored, field, message) = JobChunking.Prepare(spec, DateTimeOffset.UtcNow);
        if (stored is null)
        {
            DeactivateOnIdle();
            return new(JobSubmitStatus.Invalid, null, field, message, []);
        }

        _spec.State = stored;
        _progress.Reset();
        _run.Submit();
        try
        {
            // The reminder first: a job whose spec is stored must resume after the loss of its silo, so a job that
            // cannot get its reminder is refused (nothing stored). A reminder without a spec (the spec write failed)
            // unregisters itself at its first tick.
            await _reminders.RegisterResumeAsync(_options.ResumeCheckPeriod);
            await _spec.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // Another activation stored a job under this id meanwhile: nothing of this one was accepted.
            _run.Refuse();
            throw;
        }
        catch (Exception e)
        {
            _logger.LogStorageFailed(e, _jobId, _reminders.IsResumeRegistered ? "job spec" : "resume reminder");
            _spec.State = new JobSpecState();
            _run.Refuse();
            DeactivateOnIdle();
            return new(JobSubmitStatus.Unavailable, null, null,
                $"the job could not be stored ({e.GetType().Name}); nothing was accepted, retry later", []);
        }

        _run.Accept();
        _runner.RunNew();
        return new(JobSubmitStatus.Accepted, _runner.Info(), null, null, []);
    }

    public Task<JobInfo?> GetInfoAsync()
    {
        if (_expiry.IsDue)
        {
            // Answers at once (this method interleaves); the deletion runs in the background.
            _ = _expiry.ExpireOnceAsync();
            return Task.FromResult<JobInfo?>(null);
        }

        if (!_run.IsStored)
        {
            // A read of an unknown id must not leave an activation behind, unless a submission (which this method
            // interleaves with) is storing the job.
            if (!_run.IsSubmitting)
            {
                DeactivateOnIdle();
            }

            return Task.FromResult<JobInfo?>(null);
        }

        return Task.FromResult<JobInfo?>(_runner.Info());
    }

    public async Task<JobResults> GetResultsAsync()
    {
        if (_expiry.IsDue)
        {
            await _expiry.ExpireOnceAsync();
            return new(JobResultsStatus.NotFound, JobState.Pending, false, null);
        }

        if (!_run.IsStored)
        {
            DeactivateOnIdle();
            return new(JobResultsStatus.NotFound, JobState.Pending, false, null);
        }

        var state = _progress.Record.State;
        if (!_operations.TryGet(_spec.State.Operation, out var operation))
        {
            // Silos that disagree on the registered operations: an expected failure, not a crash.
            return new(JobResultsStatus.Unavailable, state, false, null,
                $"operation '{_spec.State.Operation}' is not registered on the silo hosting this job");
        }

        return state == JobState.Completed
            ? new(JobResultsStatus.Available, state, operation.Reduces, await _runner.ResultsAsync(operation))
            : new(JobResultsStatus.NotCompleted, state, operation.Reduces, null);
    }

    public async Task<JobCancelResult> CancelAsync()
    {
        if (_expiry.IsDue)
        {
            await _expiry.ExpireOnceAsync();
            return new(JobCancelStatus.NotFound, JobState.Pending);
        }

        if (!_run.IsStored)
        {
            DeactivateOnIdle();
            return new(JobCancelStatus.NotFound, JobState.Pending);
        }

        var state = _progress.Record.State;
        if (state is JobState.Completed or JobState.Failed)
        {
            return new(JobCancelStatus.AlreadyFinished, state);
        }

        if (_run.IsAbandoned)
        {
            // The job's state is what the activation that took it over says: the caller asks again.
            return state == JobState.Cancelled ? new(JobCancelStatus.Cancelled, state)
                : throw new InconsistentStateException($"Job {_jobId} was taken over by another activation; retry.");
        }

        if (_run.IsUnfinished)
        {
            // Synchronously, before any await: no chunk is sent after this line.
            _runner.Cancel();
        }

        if (_progress.HasUnsavedChanges)
        {
            await _progress.SaveAsync();
            await _expiry.ScheduleAsync();
        }

        return new(JobCancelStatus.Cancelled, JobState.Cancelled);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_expiry.IsDue)
        {
            await _expiry.ExpireOnceAsync();
            return;
        }

        if (!_run.IsStored)
        {
            // Nothing stored (a deleted job, or a spec whose write failed): a leftover reminder.
            await _reminders.UnregisterAsync(reminderName);
            return;
        }

        if (_run.IsAbandoned)
        {
            return; // the activation that took the job over keeps its reminders
        }

        if (_run.IsFinished)
        {
            await _expiry.CatchUpAsync(reminderName);
            return;
        }

        if (reminderName == JobReminders.Expire)
        {
            // A leftover of an earlier job under this id, which is running a new one.
            await _reminders.UnregisterAsync(JobReminders.Expire);
            return;
        }

        // The activation resumed the job when it was (re)activated; here only retry what may have stalled.
        if (_progress.HasUnsavedChanges)
        {
            await _progress.SaveAsync();
        }

        _runner.Tick();
    }

    /// <summary>A write of the job's record met another activation's: leave the job to it.</summary>
    private void Abandon() => _runner.Abandon();
}

using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Storage;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// One job. Requests never wait for chunks: dispatch, retries and persistence run as background tasks on the
/// activation's scheduler (see JobGrain.Dispatch.cs), interleaving with requests at their awaits, so status and
/// cancellation answer at once while chunks run. Durable state is split three ways so storage bytes stay linear:
/// the spec (written once), the small state machine (written on transitions) and the append-only result log.
/// </summary>
public sealed partial class JobGrain : Grain, IJobGrain, IRemindable
{
    private const string ResumeReminder = "resume";

    private readonly IPersistentState<JobSpecState> _spec;
    private readonly IPersistentState<JobProgressState> _progress;
    private readonly IGrainStorage _storage;
    private readonly ChunkOperationCatalog _operations;
    private readonly IClusterMembershipService _membership;
    private readonly ILocalSiloDetails _localSilo;
    private readonly JobOptions _options;
    private readonly ILogger<JobGrain> _logger;
    private readonly SemaphoreSlim _progressWrites = new(1, 1);
    private JobResultLog _log = null!;
    private IGrainTimer? _startTimer;
    private bool _reminderRegistered;
    private bool _progressDirty;
    private bool _resultsLoaded;
    private bool _submitting;
    private string? _resultsJson;

    public JobGrain(
        [PersistentState("spec")] IPersistentState<JobSpecState> spec,
        [PersistentState("job")] IPersistentState<JobProgressState> progress,
        [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainStorage storage,
        ChunkOperationCatalog operations,
        IClusterMembershipService membership,
        ILocalSiloDetails localSilo,
        IOptions<JobOptions> options,
        ILogger<JobGrain> logger)
    {
        _spec = spec;
        _progress = progress;
        _storage = storage;
        _operations = operations;
        _membership = membership;
        _localSilo = localSilo;
        _options = options.Value;
        _logger = logger;
    }

    private string JobId => this.GetPrimaryKeyString();

    private JobState State => _progress.State.State;

    private static bool IsUnfinished(JobState state) => state is JobState.Pending or JobState.Running;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _log = new JobResultLog(_storage, this.GetGrainId());
        if (!_spec.RecordExists)
        {
            return;
        }

        PrepareChunks();
        if (IsUnfinished(State))
        {
            // Woken after the loss of its silo (by the reminder, or by any call): resume with exactly the chunks
            // that have no recorded result. Chunks that were in flight on the lost silo run again (at-least-once).
            _reminderRegistered = true;
            await LoadResultsAsync();
            for (var chunk = 0; chunk < _results.Length; chunk++)
            {
                if (_results[chunk] is null)
                {
                    // Attempts continue from the last failed one, so maxAttempts holds across failovers.
                    _attempts[chunk] = _progress.State.Chunks.TryGetValue(chunk, out var counts) ? counts.Failed : 0;
                    _ready.Add(chunk);
                }
            }

            LogResumed(_logger, JobId, _completed, _results.Length);
            ScheduleStart();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _startTimer?.Dispose();
        CancelWork(signalWorkers: false); // also ends the flush loop after its current write
        if (_abandoned)
        {
            return;
        }

        try
        {
            if (IsUnfinished(State))
            {
                // One bounded final write of what finished since the last batch; anything lost here is re-run by the
                // next activation (at-least-once). Only once the loop's own write is over, so the two never race.
                await _flushTask.WaitAsync(cancellationToken);
                if (_unflushed.Count > 0)
                {
                    await _log.AppendAsync([.. _unflushed]).WaitAsync(cancellationToken);
                    _unflushed.Clear();
                }
            }
            else if (_progressDirty)
            {
                // A final state (cancelled, failed, completed) whose write failed so far: persist it now, or a
                // resumed activation would run the job again.
                await SaveProgressAsync().WaitAsync(cancellationToken);
            }
        }
        catch (Exception e)
        {
            LogStorageFailed(_logger, e, JobId, IsUnfinished(State) ? "result log" : "job state");
        }
    }

    public async Task<JobSubmitResult> SubmitAsync(JobSpec spec)
    {
        if (IsExpired || Deleted)
        {
            // The id's previous job reached the end of its retention: delete it first; this activation leaves with it.
            var deleted = await ExpireOnceAsync();
            return new(JobSubmitStatus.Unavailable, null, null, deleted
                ? "a finished job with this id was just deleted at the end of its retention; retry to submit the new one"
                : "a finished job with this id is being deleted at the end of its retention; retry later", []);
        }

        if (_spec.RecordExists)
        {
            return new(JobSubmitStatus.AlreadyExists, Info(), "id", "a job with this id already exists", []);
        }

        if (!_operations.TryGet(spec.Operation, out _))
        {
            DeactivateOnIdle();
            return new(JobSubmitStatus.UnknownOperation, null, "operation",
                $"unknown operation '{spec.Operation}'; known operations: {string.Join(", ", _operations.Names)}", _operations.Names);
        }

        if (JobChunking.Check(spec) is { } wrong)
        {
            return Invalid(wrong.Field, wrong.Message);
        }

        var (chunks, items, error) = JobChunking.Cut(spec.ItemsJson, spec.ChunkSize);
        if (chunks is null)
        {
            return Invalid("items", error!);
        }

        _spec.State = new JobSpecState
        {
            Operation = spec.Operation,
            ArgsJson = spec.ArgsJson,
            Chunks = chunks,
            TotalItems = items,
            ChunkSize = spec.ChunkSize,
            MaxParallelism = spec.MaxParallelism,
            MaxAttempts = spec.MaxAttempts,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        _progress.State = new JobProgressState();
        _submitting = true;
        try
        {
            // The reminder first: a job whose spec is stored must resume after the loss of its silo, so a job that
            // cannot get its reminder is refused (nothing stored). A reminder without a spec (the spec write failed)
            // unregisters itself at its first tick.
            await this.RegisterOrUpdateReminder(ResumeReminder, _options.ResumeCheckPeriod, _options.ResumeCheckPeriod);
            _reminderRegistered = true;
            await _spec.WriteStateAsync();
        }
        catch (Exception e) when (e is not InconsistentStateException)
        {
            LogStorageFailed(_logger, e, JobId, _reminderRegistered ? "job spec" : "resume reminder");
            _spec.State = new JobSpecState();
            DeactivateOnIdle();
            return new(JobSubmitStatus.Unavailable, null, null,
                $"the job could not be stored ({e.GetType().Name}); nothing was accepted, retry later", []);
        }
        finally
        {
            _submitting = false;
        }

        PrepareChunks();
        _resultsLoaded = true;
        for (var chunk = 0; chunk < chunks.Count; chunk++)
        {
            _ready.Add(chunk);
        }

        LogAccepted(_logger, JobId, spec.Operation, items, chunks.Count);
        ScheduleStart();
        return new(JobSubmitStatus.Accepted, Info(), null, null, []);

        JobSubmitResult Invalid(string field, string message)
        {
            DeactivateOnIdle();
            return new(JobSubmitStatus.Invalid, null, field, message, []);
        }
    }

    public Task<JobInfo?> GetInfoAsync()
    {
        if (IsExpired)
        {
            // Answers at once (this method interleaves); the deletion runs in the background.
            _ = ExpireOnceAsync();
            return Task.FromResult<JobInfo?>(null);
        }

        if (!_spec.RecordExists)
        {
            // A status read of an unknown id must not leave an activation behind (unless the spec is being written:
            // this method interleaves with SubmitAsync's await).
            if (!_submitting)
            {
                DeactivateOnIdle();
            }

            return Task.FromResult<JobInfo?>(null);
        }

        return Task.FromResult<JobInfo?>(Info());
    }

    public async Task<JobResults> GetResultsAsync()
    {
        if (IsExpired)
        {
            await ExpireOnceAsync();
            return new(JobResultsStatus.NotFound, JobState.Pending, false, null);
        }

        if (!_spec.RecordExists)
        {
            DeactivateOnIdle();
            return new(JobResultsStatus.NotFound, JobState.Pending, false, null);
        }

        if (!_operations.TryGet(_spec.State.Operation, out var operation))
        {
            // A deployment whose silos disagree on the registered operations: an expected failure, not a crash.
            return new(JobResultsStatus.Unavailable, State, false, null, $"operation '{_spec.State.Operation}' is not registered on the silo hosting this job");
        }

        if (State != JobState.Completed)
        {
            return new(JobResultsStatus.NotCompleted, State, operation.Reduces, null);
        }

        if (_resultsJson is null)
        {
            if (!_resultsLoaded)
            {
                await LoadResultsAsync();
            }

            _resultsJson = JobResultAssembly.Assemble(operation, _results);
            // One copy: the assembled results replace the per-chunk texts (a finished job never needs them again).
            Array.Clear(_results);
        }

        return new(JobResultsStatus.Available, JobState.Completed, operation.Reduces, _resultsJson);
    }

    public async Task<JobCancelResult> CancelAsync()
    {
        if (IsExpired)
        {
            await ExpireOnceAsync();
            return new(JobCancelStatus.NotFound, JobState.Pending);
        }

        if (!_spec.RecordExists)
        {
            DeactivateOnIdle();
            return new(JobCancelStatus.NotFound, JobState.Pending);
        }

        if (State is JobState.Completed or JobState.Failed)
        {
            return new(JobCancelStatus.AlreadyFinished, State);
        }

        if (State != JobState.Cancelled)
        {
            // Synchronously, before any await: no chunk is sent after this line.
            Stop(JobState.Cancelled);
            LogCancelled(_logger, JobId, _completed, _results.Length);
        }

        if (_progressDirty)
        {
            await SaveProgressAsync();
            await ScheduleExpiryAsync();
        }

        return new(JobCancelStatus.Cancelled, JobState.Cancelled);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (IsExpired)
        {
            await ExpireOnceAsync();
            return;
        }

        if (!_spec.RecordExists)
        {
            // Nothing stored (a deleted job, or a spec whose write failed): a leftover reminder.
            await UnregisterReminderAsync(reminderName);
            return;
        }

        if (!IsUnfinished(State))
        {
            if (_progressDirty)
            {
                await SaveProgressAsync();
            }

            if (reminderName == ResumeReminder)
            {
                // Finished, but its final write or reminder swap had failed: from resuming to expiring.
                await ScheduleExpiryAsync();
            }

            return;
        }

        if (reminderName == ExpiryReminder)
        {
            // A leftover of an earlier job under this id, which is running a new one.
            await UnregisterReminderAsync(ExpiryReminder);
            return;
        }

        // The activation resumed the job when it was (re)activated; here only retry what may have stalled.
        if (_progressDirty)
        {
            await SaveProgressAsync();
        }

        Flush();
        RequeueStalled();
        Pump();
    }

    private JobInfo Info()
    {
        var progress = _progress.State;
        return new JobInfo
        {
            Id = JobId,
            Operation = _spec.State.Operation,
            State = progress.State,
            TotalItems = _spec.State.TotalItems,
            TotalChunks = _spec.State.Chunks.Count,
            CompletedChunks = Math.Max(_completed, progress.CompletedChunks),
            FailedChunks = progress.FailedChunks,
            RunningChunks = _inFlight.Count,
            Retries = Math.Max(_retries, progress.Retries),
            Errors = progress.Errors.ToArray(),
            CreatedAt = _spec.State.CreatedAt,
            StartedAt = progress.StartedAt,
            FinishedAt = progress.FinishedAt,
            ChunksPerSilo = new Dictionary<string, int>(_perSilo, StringComparer.Ordinal),
        };
    }

    private void ScheduleStart()
    {
        _startTimer?.Dispose();
        _startTimer = this.RegisterGrainTimer(static (self, _) => self.StartAsync(), this, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = Timeout.InfiniteTimeSpan,
            Interleave = true,
            KeepAlive = false,
        });
    }

    /// <summary>Moves Pending to Running and starts dispatch (a background turn).</summary>
    private async Task StartAsync()
    {
        // A one-shot timer: disposed at once, so it never holds the activation.
        _startTimer?.Dispose();
        _startTimer = null;

        if (State == JobState.Pending)
        {
            _progress.State.State = JobState.Running;
            _progress.State.StartedAt = DateTimeOffset.UtcNow;
            await TrySaveProgressAsync();
        }

        Pump();
    }
}

using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs.Operations;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// Runs a stored job in its activation: starts dispatch, turns each chunk's answer into a recorded result, a retry with
/// backoff or the job's failure, completes the job once every result is written, and moves <see cref="JobRun"/> along.
/// Dispatch, retries and writes run as background tasks on the activation's scheduler, interleaving with requests at
/// their awaits, so requests answer at once while chunks run.
/// </summary>
internal sealed class JobRunner
{
    private readonly IGrainBase _grain;
    private readonly string _jobId;
    private readonly JobRun _run;
    private readonly IPersistentState<JobSpecState> _spec;
    private readonly JobProgress _progress;
    private readonly JobResultLog _log;
    private readonly JobExpiry _expiry;
    private readonly JobOptions _options;
    private readonly ILogger _logger;
    private readonly ChunkLedger _ledger = new();
    private readonly ChunkDispatcher _dispatcher;
    private readonly JobResultWriter _writer;
    private IGrainTimer? _startTimer;

    public JobRunner(IGrainBase grain, string jobId, JobRun run, IPersistentState<JobSpecState> spec, JobProgress progress,
        JobResultLog log, JobExpiry expiry, IGrainFactory grains, IClusterMembershipService membership, ILocalSiloDetails localSilo,
        JobOptions options, ILogger logger)
    {
        _grain = grain;
        _jobId = jobId;
        _run = run;
        _spec = spec;
        _progress = progress;
        _log = log;
        _expiry = expiry;
        _options = options;
        _logger = logger;
        _dispatcher = new ChunkDispatcher(jobId, spec, _ledger, run, grains, membership, localSilo, logger, OnAnswer);
        _writer = new JobResultWriter(log, run, _ledger, _dispatcher.Stopping, Abandon, TryComplete, logger, jobId);
    }

    /// <summary>The job as it stands.</summary>
    public JobInfo Info()
    {
        var spec = _spec.State;
        var record = _progress.Record;
        return new JobInfo
        {
            Id = _jobId,
            Operation = spec.Operation,
            State = record.State,
            TotalItems = spec.TotalItems,
            TotalChunks = spec.Chunks.Count,
            CompletedChunks = Math.Max(_ledger.Completed, record.CompletedChunks),
            FailedChunks = record.FailedChunks,
            RunningChunks = _dispatcher.InFlight,
            Retries = Math.Max(_ledger.Retries, record.Retries),
            Errors = record.Errors.ToArray(),
            CreatedAt = spec.CreatedAt,
            StartedAt = record.StartedAt,
            FinishedAt = record.FinishedAt,
            ChunksPerSilo = new Dictionary<string, int>(_ledger.PerSilo, StringComparer.Ordinal),
        };
    }

    /// <summary>Takes up the stored job this activation found, whatever its state.</summary>
    public void Prepare() => _ledger.Prepare(_spec.State.Chunks);

    /// <summary>Runs a job just accepted: every chunk is ready and none recorded; dispatch starts on the next turn.</summary>
    public void RunNew()
    {
        _ledger.Prepare(_spec.State.Chunks);
        _ledger.Restore([]);
        for (var chunk = 0; chunk < _ledger.Count; chunk++)
        {
            _dispatcher.Enqueue(chunk);
        }

        _logger.LogAccepted(_jobId, _spec.State.Operation, _spec.State.TotalItems, _ledger.Count);
        ScheduleStart();
    }

    /// <summary>
    /// Resumes the unfinished job this activation found with exactly the chunks that have no recorded result: chunks
    /// that were in flight on a lost silo run again (at-least-once). Attempts continue from the last failed one, so
    /// maxAttempts holds across failovers.
    /// </summary>
    public async Task ResumeAsync()
    {
        _ledger.Restore(await _log.LoadAsync());
        foreach (var chunk in _ledger.Unrecorded())
        {
            _ledger.ContinueAttemptsFrom(chunk, _progress.LastFailedAttempt(chunk));
            _dispatcher.Enqueue(chunk);
        }

        _logger.LogResumed(_jobId, _ledger.Completed, _ledger.Count);
        ScheduleStart();
    }

    /// <summary>The completed job's result (its chunks' results are read from the result log the first time).</summary>
    public async Task<string> ResultsAsync(IChunkOperation operation)
    {
        if (!_ledger.IsLoaded)
        {
            _ledger.Restore(await _log.LoadAsync());
        }

        return _ledger.Assemble(operation);
    }

    /// <summary>Cancels the pending or running job: no chunk is sent after this call, and running chunks are cancelled.</summary>
    public void Cancel()
    {
        _run.Cancel(_progress.Record, DateTimeOffset.UtcNow);
        RecordFinalTallies();
        _dispatcher.Stop(signalWorkers: true);
        _logger.LogCancelled(_jobId, _ledger.Completed, _ledger.Count);
    }

    /// <summary>The reminder's tick of an unfinished job: writes recorded chunks, and sends again any chunk that stalled.</summary>
    public void Tick()
    {
        _writer.Write();
        _dispatcher.RequeueStalled();
        Pump();
    }

    /// <summary>The activation ends: nothing more is sent or waited for; the next activation sends unfinished chunks again.</summary>
    public void Halt()
    {
        _startTimer?.Dispose();
        _dispatcher.Stop(signalWorkers: false);
    }

    /// <summary>Writes the recorded chunks not written yet, in one append, once the current write is over (the activation ends).</summary>
    public Task WriteRemainingAsync(CancellationToken cancellationToken) => _writer.WriteRemainingAsync(cancellationToken);

    /// <summary>Another activation of this job wrote first (a duplicate during a failover): leave the job to it.</summary>
    public void Abandon()
    {
        if (_run.IsAbandoned)
        {
            return;
        }

        _run.Abandon();
        _dispatcher.Stop(signalWorkers: false);
        _logger.LogAbandoned(_jobId);
        _grain.DeactivateOnIdle();
    }

    private void ScheduleStart()
    {
        _startTimer?.Dispose();
        _startTimer = _grain.RegisterGrainTimer(static (self, _) => self.StartAsync(), this, new GrainTimerCreationOptions
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

        if (_run.State == JobRunState.Pending)
        {
            _run.Start(_progress.Record, DateTimeOffset.UtcNow);
            await _progress.TrySaveAsync();
        }

        Pump();
    }

    private void Pump()
    {
        _dispatcher.SendReady();
        TryComplete();
    }

    private void OnAnswer(ChunkAnswer answer)
    {
        var (chunk, attempt, outcome, lost) = answer;
        if (!_run.IsRunning || _ledger.IsRecorded(chunk))
        {
            return; // the job stopped meanwhile, or the chunk is already recorded: a late answer changes nothing
        }

        switch (outcome.Kind)
        {
            case ChunkOutcomeKind.Succeeded:
                _writer.Add(_ledger.Record(chunk, attempt, outcome.ResultJson ?? "null", outcome.Silo));
                break;
            case ChunkOutcomeKind.FailedPermanently:
                Fail(chunk, attempt, outcome.Error ?? "failed");
                return;
            default:
                if (!RetryOrFail(chunk, attempt, outcome.Error ?? "failed", lost))
                {
                    return;
                }

                break;
        }

        Pump();
    }

    /// <summary>
    /// A failed attempt is retried after a backoff with jitter, until the chunk used up its attempts; then the job fails
    /// (false). A loss with a silo gives the attempt back, but losses are capped too (2 × maxAttempts): a chunk that
    /// crashes every silo it runs on must not be sent for ever. Both are counted in the stored record, so the caps hold
    /// across failovers.
    /// </summary>
    private bool RetryOrFail(int chunk, int attempt, string error, bool lost)
    {
        var maxAttempts = _spec.State.MaxAttempts;
        if (!lost && attempt >= maxAttempts)
        {
            Fail(chunk, attempt, $"{error} (attempt {attempt} of {maxAttempts})");
            return false;
        }

        var counts = _progress.CountFailure(chunk, attempt, lost);
        _ = _progress.TrySaveAsync();
        var maxLosses = 2 * maxAttempts;
        if (lost && counts.Lost > maxLosses)
        {
            Fail(chunk, attempt, $"{error}; lost {counts.Lost} times, more than {maxLosses} (2 × maxAttempts)");
            return false;
        }

        _progress.RecordError(chunk, attempt, error, final: false);
        _ledger.CountRetry();
        var delay = RetryBackoff.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, Random.Shared);
        _logger.LogRetry(_jobId, chunk, attempt, delay.TotalMilliseconds, error);
        _dispatcher.RetryLater(chunk, delay);
        return true;
    }

    private void Fail(int chunk, int attempt, string error)
    {
        _progress.RecordError(chunk, attempt, error, final: true);
        _progress.Record.FailedChunks++;
        _run.Fail(_progress.Record, DateTimeOffset.UtcNow);
        RecordFinalTallies();
        _dispatcher.Stop(signalWorkers: true);
        _logger.LogFailed(_jobId, chunk, attempt, error);
        _ = FinishAsync();
    }

    /// <summary>Completes the running job once every chunk's result is recorded and written.</summary>
    private void TryComplete()
    {
        if (!_run.IsRunning || !_ledger.AllRecorded || _writer.IsWriting || _writer.HasUnwritten)
        {
            return;
        }

        _run.Complete(_progress.Record, DateTimeOffset.UtcNow);
        RecordFinalTallies();
        _logger.LogCompleted(_jobId, _ledger.Count, _ledger.Retries);
        _ = FinishAsync();
    }

    /// <summary>While running, the result log is the record of completed chunks; a finished job keeps its tallies in its state.</summary>
    private void RecordFinalTallies()
    {
        _progress.Record.CompletedChunks = _ledger.Completed;
        _progress.Record.Retries = _ledger.Retries;
        _progress.MarkChanged();
    }

    /// <summary>
    /// Writes the final state, then swaps the resume reminder for the expiry reminder. A failed write leaves the state
    /// unsaved and the resume reminder in place: its next tick writes the state and swaps the reminders.
    /// </summary>
    private async Task FinishAsync()
    {
        await _progress.TrySaveAsync();
        if (!_progress.HasUnsavedChanges)
        {
            await _expiry.ScheduleAsync();
        }
    }
}

using GrainSystem.Abstractions.Jobs;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace GrainSystem.Grains.Jobs;

/// <summary>Dispatch: bounded parallelism over all silos, retries with backoff, the result log, finishing.</summary>
public sealed partial class JobGrain
{
    // Only touched on the activation's scheduler (one turn at a time), so no locks.
    private readonly SortedSet<int> _ready = [];
    private readonly HashSet<int> _inFlight = [];
    private readonly HashSet<int> _pendingRetry = [];
    private readonly Dictionary<SiloAddress, int> _load = [];
    private readonly Dictionary<string, int> _perSilo = new(StringComparer.Ordinal);
    private readonly List<ChunkResultEntry> _unflushed = [];
    private readonly CancellationTokenSource _stop = new();
    private string?[] _results = [];
    private int[] _attempts = [];
    private int _completed;
    private int _retries;
    private int _dispatched;
    private bool _flushing;
    private Task _flushTask = Task.CompletedTask;
    private bool _finishing;
    private bool _abandoned;

    private void PrepareChunks()
    {
        _results = new string?[_spec.State.Chunks.Count];
        _attempts = new int[_spec.State.Chunks.Count];
    }


    /// <summary>
    /// Sends ready chunks while fewer than maxParallelism are in flight and some silo has an idle worker; finishes the
    /// job when all are recorded. A silo is sent at most as many of this job's chunks as it has worker activations:
    /// more would only queue at the workers, where queue time counts against the call's response timeout, a cancel
    /// can arrive after the silo stopped remembering it, and other jobs' chunks wait behind them. The rest stay ready
    /// here and go out as workers answer.
    /// </summary>
    private void Pump()
    {
        if (State != JobState.Running || _abandoned)
        {
            return;
        }

        while (_inFlight.Count < _spec.State.MaxParallelism && _ready.Count > 0 && PickSilo() is { } silo)
        {
            var chunk = _ready.Min;
            _ready.Remove(chunk);
            _inFlight.Add(chunk);
            _load[silo] = _load.GetValueOrDefault(silo) + 1;
            _ = RunChunkAsync(chunk, silo);
        }

        TryComplete();
    }

    private async Task RunChunkAsync(int chunk, SiloAddress silo)
    {
        var attempt = ++_attempts[chunk];
        var spec = _spec.State;
        var work = new ChunkWork(JobId, chunk, attempt, chunk * spec.ChunkSize, spec.Operation, spec.ArgsJson, spec.Chunks[chunk]);
        ChunkOutcome outcome;
        try
        {
            Task<ChunkOutcome> call;
            // Stateless workers activate on the caller's silo; the placement hint sends this worker (keyed per silo)
            // to the chosen silo instead. The request context is read when the call is issued, so it is removed at once.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            try
            {
                call = Worker(silo).RunAsync(work);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            // Stop waiting when the job stops (the worker hears of a cancel through ChunkCancellations); a late
            // answer is observed and dropped.
            _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            outcome = await call.WaitAsync(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            outcome = new ChunkOutcome(ChunkOutcomeKind.Cancelled, null, "cancelled", silo.ToString());
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException)
        {
            // The worker's silo died or refused the message: the chunk was lost, not at fault, so the attempt is
            // given back (as a broker redelivers a message whose worker died) and the chunk is sent again.
            _attempts[chunk]--;
            outcome = new ChunkOutcome(ChunkOutcomeKind.Failed, null,
                $"chunk {chunk}: lost with silo {silo} ({e.GetType().Name})", silo.ToString());
        }
        catch (Exception e)
        {
            // The call timed out or failed otherwise: a transient failure of this attempt.
            outcome = new ChunkOutcome(ChunkOutcomeKind.Failed, null, $"chunk {chunk}: {e.GetType().Name}: {e.Message}", silo.ToString());
        }
        finally
        {
            _inFlight.Remove(chunk);
            _load[silo]--;
        }

        if (_stop.IsCancellationRequested)
        {
            // Cancelled, failed, deactivating or abandoned: an answer now is no attempt's verdict (a deactivating
            // job must not count its own cancellation as a failed attempt); the next activation re-runs the chunk.
            return;
        }

        OnChunkFinished(chunk, attempt, outcome, lost: _attempts[chunk] < attempt);
    }

    private void OnChunkFinished(int chunk, int attempt, ChunkOutcome outcome, bool lost)
    {
        if (State != JobState.Running || _abandoned || _results[chunk] is not null)
        {
            return; // the job stopped meanwhile: late answers change nothing
        }

        switch (outcome.Kind)
        {
            case ChunkOutcomeKind.Succeeded:
                _results[chunk] = outcome.ResultJson ?? "null";
                _completed++;
                // A recorded chunk is never sent again: its item text (the spec is written once, at submission, so
                // this changes only memory) is released, and a finished job holds no items at all.
                _spec.State.Chunks[chunk] = "";
                _perSilo[outcome.Silo] = _perSilo.GetValueOrDefault(outcome.Silo) + 1;
                _unflushed.Add(new ChunkResultEntry { Chunk = chunk, Attempts = attempt, Result = _results[chunk]! });
                Flush();
                break;
            case ChunkOutcomeKind.FailedPermanently:
                Fail(chunk, attempt, outcome.Error ?? "failed");
                return;
            default:
                var error = outcome.Error ?? "failed";
                if (!lost && attempt >= _spec.State.MaxAttempts)
                {
                    Fail(chunk, attempt, $"{error} (attempt {attempt} of {_spec.State.MaxAttempts})");
                    return;
                }

                // Losses give the attempt back, but are capped too: a chunk that crashes every silo it runs on must
                // not be re-sent forever. Counted in the job state, so the cap holds across failovers.
                var counts = _progress.State.Chunks.TryGetValue(chunk, out var known) ? known : new ChunkAttemptCounts();
                counts = lost ? counts with { Lost = counts.Lost + 1 } : counts with { Failed = attempt };
                _progress.State.Chunks[chunk] = counts;
                _progressDirty = true;
                _ = TrySaveProgressAsync();
                if (lost && counts.Lost > MaxLosses)
                {
                    Fail(chunk, attempt, $"{error}; lost {counts.Lost} times, more than {MaxLosses} (2 × maxAttempts)");
                    return;
                }

                RecordError(chunk, attempt, error, final: false);
                _retries++;
                var delay = RetryBackoff.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, Random.Shared);
                LogRetry(_logger, JobId, chunk, attempt, delay.TotalMilliseconds, error);
                _ = RetryLaterAsync(chunk, delay);
                break;
        }

        Pump();
    }

    private int MaxLosses => 2 * _spec.State.MaxAttempts;

    private async Task RetryLaterAsync(int chunk, TimeSpan delay)
    {
        _pendingRetry.Add(chunk);
        try
        {
            await Task.Delay(delay, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            _pendingRetry.Remove(chunk);
        }

        if (State == JobState.Running && !_abandoned)
        {
            _ready.Add(chunk);
            Pump();
        }
    }

    /// <summary>
    /// The active silo with an idle worker and the fewest of this job's chunks in flight (ties rotate, so chunks spread
    /// over all silos); null when every silo's workers are busy with this job.
    /// </summary>
    private SiloAddress? PickSilo()
    {
        var silos = ActiveSilos();
        if (silos.Length == 0)
        {
            silos = [_localSilo.SiloAddress];
        }

        var start = _dispatched++ % silos.Length;
        SiloAddress? best = null;
        var bestLoad = int.MaxValue;
        for (var i = 0; i < silos.Length; i++)
        {
            var silo = silos[(start + i) % silos.Length];
            var load = _load.GetValueOrDefault(silo);
            if (load < bestLoad && load < Capacity(silo))
            {
                best = silo;
                bestLoad = load;
            }
        }

        return best;
    }

    /// <summary>
    /// Worker activations of a silo: the worker's local count (one per core) on this silo. Silos of one deployment run
    /// on alike machines; a smaller silo would only queue its surplus chunks at its workers.
    /// </summary>
    private static int Capacity(SiloAddress silo)
    {
        _ = silo;
        return WorkerGrain.LocalWorkers;
    }

    private void RecordError(int chunk, int attempt, string message, bool final)
    {
        var errors = _progress.State.Errors;
        if (errors.Count >= JobLimits.MaxErrorsKept)
        {
            var oldest = errors.FindIndex(e => !e.Final);
            errors.RemoveAt(oldest < 0 ? 0 : oldest);
        }

        errors.Add(new ChunkError(chunk, attempt, message, DateTimeOffset.UtcNow, final));
    }

    private void Fail(int chunk, int attempt, string error)
    {
        RecordError(chunk, attempt, error, final: true);
        _progress.State.FailedChunks++;
        Stop(JobState.Failed);
        LogFailed(_logger, JobId, chunk, attempt, error);
        _ = FinishAsync();
    }

    /// <summary>Ends the job in <paramref name="state"/>: nothing more is sent, chunks in flight and backoff waits are cancelled.</summary>
    private void Stop(JobState state)
    {
        var progress = _progress.State;
        progress.State = state;
        progress.FinishedAt = DateTimeOffset.UtcNow;
        progress.CompletedChunks = _completed;
        progress.Retries = _retries;
        _progressDirty = true;
        _ready.Clear();
        CancelWork(signalWorkers: true);
    }

    /// <summary>
    /// Stops this activation's waits for chunk answers and its backoff waits; with <paramref name="signalWorkers"/> (the
    /// job was cancelled or failed) also cancels the chunks running on every silo. On deactivation or abandonment the
    /// workers are not told: chunks already running there run to their end (their answers are dropped, and the job's
    /// next activation sends them again), because the job lives on and its chunks must not be refused.
    /// </summary>
    private void CancelWork(bool signalWorkers)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _stop.Cancel();
        }
        catch (AggregateException e)
        {
            LogSignalFailed(_logger, e, JobId, "local cancellation");
        }

        if (!signalWorkers)
        {
            return;
        }

        // Tell every silo, not only those with chunks in flight here: a chunk may still be in transit.
        foreach (var silo in ActiveSilos())
        {
            _ = CancelOnSiloAsync(silo);
        }
    }

    private async Task CancelOnSiloAsync(SiloAddress silo)
    {
        try
        {
            Task call;
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            try
            {
                call = GrainFactory.GetGrain<IChunkCancellationGrain>(silo.ToParsableString()).CancelJobAsync(JobId);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            await call;
        }
        catch (Exception e)
        {
            // The silo is gone (its chunks with it) or unreachable; its answers are ignored anyway.
            LogSignalFailed(_logger, e, JobId, silo.ToString());
        }
    }

    /// <summary>Workers are keyed per silo, so a worker id names where its activations live.</summary>
    private IWorkerGrain Worker(SiloAddress silo) => GrainFactory.GetGrain<IWorkerGrain>(silo.ToParsableString());

    private SiloAddress[] ActiveSilos() => _membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active)
        .Select(m => m.SiloAddress)
        .Order()
        .ToArray();

    /// <summary>
    /// Sends again chunks that have no result yet are neither in flight, ready nor waiting for a retry: a dispatch task
    /// that ended unexpectedly leaves its chunk in none of those, and the job would otherwise stay Running forever.
    /// Called by the reminder tick.
    /// </summary>
    private void RequeueStalled()
    {
        if (State != JobState.Running || _abandoned)
        {
            return;
        }

        for (var chunk = 0; chunk < _results.Length; chunk++)
        {
            if (_results[chunk] is null && !_inFlight.Contains(chunk) && !_pendingRetry.Contains(chunk) && _ready.Add(chunk))
            {
                LogRequeued(_logger, JobId, chunk);
            }
        }
    }

    private void TryComplete()
    {
        if (State != JobState.Running || _finishing || _abandoned
            || _completed < _results.Length || _flushing || _unflushed.Count > 0)
        {
            return;
        }

        _finishing = true;
        var progress = _progress.State;
        progress.State = JobState.Completed;
        progress.FinishedAt = DateTimeOffset.UtcNow;
        progress.CompletedChunks = _completed;
        progress.Retries = _retries;
        _progressDirty = true;
        LogCompleted(_logger, JobId, _results.Length, _retries);
        _ = FinishAsync();
    }

    private async Task FinishAsync()
    {
        await TrySaveProgressAsync();
        if (!_progressDirty)
        {
            await ScheduleExpiryAsync();
        }
    }

}

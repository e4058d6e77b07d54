using GrainSystem.Abstractions.Jobs;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// Sends a job's chunks to worker grains on every active silo, at most <see cref="JobSpecState.MaxParallelism"/> at a
/// time, and hands each attempt's answer to <c>onAnswer</c>. A silo is sent at most as many of this job's chunks as it
/// has worker activations: more would only queue at the workers, where queue time counts against the call's response
/// timeout, a cancel can arrive after the silo stopped remembering it, and other jobs' chunks wait behind them. The rest
/// stay ready here and go out as workers answer. Touched only on the activation's scheduler (one turn at a time), so no
/// locks.
/// </summary>
internal sealed class ChunkDispatcher(
    string jobId,
    IPersistentState<JobSpecState> spec,
    ChunkLedger ledger,
    JobRun run,
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    ILogger logger,
    Action<ChunkAnswer> onAnswer)
{
    private readonly SortedSet<int> _ready = [];
    private readonly HashSet<int> _inFlight = [];
    private readonly HashSet<int> _waitingToRetry = [];
    private readonly Dictionary<SiloAddress, int> _load = [];
    private readonly CancellationTokenSource _stop = new();
    private int _dispatched;

    /// <summary>Chunks sent to a worker and not answered yet.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>Cancelled when this activation stops its work (the job finished, was abandoned, or the activation ends).</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Makes <paramref name="chunk"/> ready to be sent.</summary>
    public void Enqueue(int chunk) => _ready.Add(chunk);

    /// <summary>Sends ready chunks while fewer than maxParallelism are in flight and some silo has an idle worker.</summary>
    public void SendReady()
    {
        if (!run.IsRunning)
        {
            return;
        }

        while (_inFlight.Count < spec.State.MaxParallelism && _ready.Count > 0 && PickSilo() is { } silo)
        {
            var chunk = _ready.Min;
            _ready.Remove(chunk);
            _inFlight.Add(chunk);
            _load[silo] = _load.GetValueOrDefault(silo) + 1;
            _ = RunAsync(chunk, silo);
        }
    }

    /// <summary>Makes <paramref name="chunk"/> ready again after <paramref name="delay"/>, unless the work stops first.</summary>
    public void RetryLater(int chunk, TimeSpan delay) => _ = RetryLaterAsync(chunk, delay);

    /// <summary>
    /// Makes ready again the chunks that have no result yet and are neither in flight, ready nor waiting to retry: a
    /// dispatch task that ended unexpectedly leaves its chunk in none of those, and the job would otherwise stay Running
    /// for ever. Called by the reminder tick.
    /// </summary>
    public void RequeueStalled()
    {
        if (!run.IsRunning)
        {
            return;
        }

        foreach (var chunk in ledger.Unrecorded())
        {
            if (!_inFlight.Contains(chunk) && !_waitingToRetry.Contains(chunk) && _ready.Add(chunk))
            {
                logger.LogRequeued(jobId, chunk);
            }
        }
    }

    /// <summary>
    /// Sends nothing more, and stops this activation's waits for chunk answers and its backoff waits. With
    /// <paramref name="signalWorkers"/> (the job was cancelled or failed) also cancels the job's chunks running on every
    /// silo. On deactivation or abandonment the workers are not told: chunks already running there run to their end
    /// (their answers are dropped, and the job's next activation sends them again), because the job lives on and its
    /// chunks must not be refused.
    /// </summary>
    public void Stop(bool signalWorkers)
    {
        _ready.Clear();
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
            logger.LogSignalFailed(e, jobId, "local cancellation");
        }

        if (!signalWorkers)
        {
            return;
        }

        // Every silo, not only those with chunks in flight here: a chunk may still be in transit.
        foreach (var silo in ActiveSilos())
        {
            _ = CancelOnSiloAsync(silo);
        }
    }

    private async Task RunAsync(int chunk, SiloAddress silo)
    {
        var attempt = ledger.NextAttempt(chunk);
        var job = spec.State;
        var work = new ChunkAssignment(jobId, chunk, attempt, chunk * job.ChunkSize, job.Operation, job.ArgsJson, ledger.ItemsOf(chunk));
        ChunkOutcome outcome;
        try
        {
            var call = OnSilo(silo, () => grains.GetGrain<IWorkerGrain>(silo.ToParsableString()).RunAsync(work));

            // Stop waiting when the work stops (the worker hears of a cancel through ChunkCancellations); a late answer
            // is observed and dropped.
            _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            outcome = await call.WaitAsync(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            outcome = new ChunkOutcome(ChunkOutcomeKind.Cancelled, null, "cancelled", silo.ToString());
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException)
        {
            // The worker's silo died or refused the message: the chunk was lost, not at fault, so the attempt is given
            // back (as a broker redelivers a message whose worker died) and the chunk is sent again.
            ledger.GiveBackAttempt(chunk);
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
            // Cancelled, failed, deactivating or abandoned: an answer now is no attempt's verdict (a deactivating job
            // must not count its own cancellation as a failed attempt); the next activation sends the chunk again.
            return;
        }

        onAnswer(new ChunkAnswer(chunk, attempt, outcome, Lost: ledger.AttemptsOf(chunk) < attempt));
    }

    private async Task RetryLaterAsync(int chunk, TimeSpan delay)
    {
        _waitingToRetry.Add(chunk);
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
            _waitingToRetry.Remove(chunk);
        }

        if (run.IsRunning)
        {
            _ready.Add(chunk);
            SendReady();
        }
    }

    /// <summary>
    /// The active silo with an idle worker and the fewest of this job's chunks in flight (ties rotate, so chunks spread
    /// over all silos); null when every silo's workers are busy with this job. Every silo is taken to have this silo's
    /// number of worker activations: silos of one deployment run on alike machines, and a smaller silo would only queue
    /// its surplus chunks at its workers.
    /// </summary>
    private SiloAddress? PickSilo()
    {
        var silos = ActiveSilos();
        if (silos.Length == 0)
        {
            silos = [localSilo.SiloAddress];
        }

        var start = _dispatched++ % silos.Length;
        SiloAddress? best = null;
        var bestLoad = int.MaxValue;
        for (var i = 0; i < silos.Length; i++)
        {
            var silo = silos[(start + i) % silos.Length];
            var load = _load.GetValueOrDefault(silo);
            if (load < bestLoad && load < WorkerGrain.LocalWorkers)
            {
                best = silo;
                bestLoad = load;
            }
        }

        return best;
    }

    private async Task CancelOnSiloAsync(SiloAddress silo)
    {
        try
        {
            await OnSilo(silo, () => grains.GetGrain<IChunkCancellationGrain>(silo.ToParsableString()).CancelJobAsync(jobId));
        }
        catch (Exception e)
        {
            // The silo is gone (its chunks with it) or unreachable; its answers are ignored anyway.
            logger.LogSignalFailed(e, jobId, silo.ToString());
        }
    }

    /// <summary>
    /// Issues <paramref name="call"/> to a grain placed on <paramref name="silo"/>. Workers and cancellation grains are
    /// stateless workers, which activate on the caller's silo; they are keyed per silo, and the placement hint sends
    /// each to its silo instead. The request context is read when the call is issued, so the hint is removed at once.
    /// </summary>
    private static T OnSilo<T>(SiloAddress silo, Func<T> call) where T : Task
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return call();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    private SiloAddress[] ActiveSilos() => membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active)
        .Select(m => m.SiloAddress)
        .Order()
        .ToArray();
}

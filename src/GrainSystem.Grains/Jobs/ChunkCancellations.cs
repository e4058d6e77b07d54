namespace GrainSystem.Grains.Jobs;

/// <summary>
/// The chunks running on this silo, by job, so a job's cancellation reaches them whichever worker activation runs
/// them. (Orleans routes a call's cancellation to the grain id, and a stateless worker id has several activations,
/// so the call's own <see cref="CancellationToken"/> does not reliably reach the activation that runs the chunk.)
/// Cancelled jobs are remembered for a while, so a chunk still in transit when its job was cancelled never starts.
/// One plain lock guards both maps: tracking, untracking and cancelling are short and rare next to a chunk's work,
/// and a single lock makes "tracked before the cancel, or sees the cancel" hold without lock-free subtleties.
/// </summary>
public sealed class ChunkCancellations(TimeProvider time)
{
    /// <summary>How long a cancelled job's chunks are refused.</summary>
    public static readonly TimeSpan Remember = TimeSpan.FromMinutes(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<CancellationTokenSource>> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _cancelled = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="jobId"/> was cancelled on this silo within <see cref="Remember"/>.</summary>
    public bool IsCancelled(string jobId)
    {
        lock (_lock)
        {
            return IsCancelledLocked(jobId);
        }
    }

    /// <summary>Tracks <paramref name="source"/> as a chunk of <paramref name="jobId"/> until the returned handle is disposed.</summary>
    public IDisposable Track(string jobId, CancellationTokenSource source)
    {
        bool cancelled;
        lock (_lock)
        {
            if (!_running.TryGetValue(jobId, out var sources))
            {
                _running[jobId] = sources = [];
            }

            sources.Add(source);
            cancelled = IsCancelledLocked(jobId);
        }

        if (cancelled)
        {
            TryCancel(source);
        }

        return new Registration(this, jobId, source);
    }

    /// <summary>Cancels every chunk of <paramref name="jobId"/> running here, and refuses its chunks from now on.</summary>
    public void Cancel(string jobId)
    {
        CancellationTokenSource[] sources;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var (id, at) in _cancelled.ToArray())
            {
                if (now - at > Remember)
                {
                    _cancelled.Remove(id);
                }
            }

            _cancelled[jobId] = now;
            sources = _running.TryGetValue(jobId, out var running) ? [.. running] : [];
        }

        // Outside the lock: cancellation runs the tokens' callbacks synchronously.
        foreach (var source in sources)
        {
            TryCancel(source);
        }
    }

    private bool IsCancelledLocked(string jobId) =>
        _cancelled.TryGetValue(jobId, out var at) && time.GetUtcNow() - at <= Remember;

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The chunk finished and disposed its source between being listed and cancelled: nothing left to stop.
        }
    }

    private void Untrack(string jobId, CancellationTokenSource source)
    {
        lock (_lock)
        {
            if (_running.TryGetValue(jobId, out var sources) && sources.Remove(source) && sources.Count == 0)
            {
                _running.Remove(jobId);
            }
        }
    }

    private sealed class Registration(ChunkCancellations owner, string jobId, CancellationTokenSource source) : IDisposable
    {
        public void Dispose() => owner.Untrack(jobId, source);
    }
}

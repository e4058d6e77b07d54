using System.Collections.Concurrent;

namespace GrainSystem.Grains.Work;

/// <summary>
/// The chunks running on this silo, by job, so a job's cancellation reaches them whichever worker activation runs
/// them. (Orleans routes a call's cancellation to the grain id, and a stateless worker id has several activations,
/// so the call's own <see cref="CancellationToken"/> does not reliably reach the activation that runs the chunk.)
/// Cancelled jobs are remembered for a while, so a chunk still in transit when its job was cancelled never starts.
/// </summary>
public sealed class ChunkCancellations(TimeProvider time)
{
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<CancellationTokenSource, byte>> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _cancelled = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="jobId"/> was cancelled on this silo recently.</summary>
    public bool IsCancelled(string jobId) => _cancelled.ContainsKey(jobId);

    /// <summary>Tracks <paramref name="source"/> as a chunk of <paramref name="jobId"/> until the returned handle is disposed.</summary>
    public IDisposable Track(string jobId, CancellationTokenSource source)
    {
        var sources = _running.GetOrAdd(jobId, _ => new ConcurrentDictionary<CancellationTokenSource, byte>());
        sources[source] = 0;
        if (IsCancelled(jobId))
        {
            source.Cancel();
        }

        return new Registration(this, jobId, source);
    }

    /// <summary>Cancels every chunk of <paramref name="jobId"/> running here, and refuses its chunks from now on.</summary>
    public void Cancel(string jobId)
    {
        var now = time.GetUtcNow();
        _cancelled[jobId] = now;
        foreach (var (id, at) in _cancelled)
        {
            if (now - at > Remember)
            {
                _cancelled.TryRemove(id, out _);
            }
        }

        if (_running.TryGetValue(jobId, out var sources))
        {
            foreach (var source in sources.Keys)
            {
                source.Cancel();
            }
        }
    }

    private sealed class Registration(ChunkCancellations owner, string jobId, CancellationTokenSource source) : IDisposable
    {
        public void Dispose()
        {
            if (owner._running.TryGetValue(jobId, out var sources))
            {
                sources.TryRemove(source, out _);
                if (sources.IsEmpty)
                {
                    owner._running.TryRemove(new KeyValuePair<string, ConcurrentDictionary<CancellationTokenSource, byte>>(jobId, sources));
                }
            }
        }
    }
}

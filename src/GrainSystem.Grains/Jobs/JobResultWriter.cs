using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// Writes recorded chunks to the job's <see cref="JobResultLog"/> in batches, one write at a time: each write waits
/// <see cref="GatherInterval"/> for more chunks unless its batch is full or the job's last chunk is recorded, and chunks
/// recorded meanwhile form the next batch. A failed write is retried with exactly the same batch: it may have landed
/// (its answer lost to a timeout), and <see cref="JobResultLog.AppendAsync"/> recognises its own batch only if it is
/// the same. Writing stops with the activation's work (<c>stopping</c>): a write outliving the activation could write
/// batch n after the next activation wrote it, and that one would then abandon the job.
/// </summary>
internal sealed class JobResultWriter(
    JobResultLog log,
    JobRun run,
    ChunkLedger ledger,
    CancellationToken stopping,
    Action onConflict,
    Action onWritten,
    ILogger logger,
    string jobId)
{
    private const int MaxBatchChars = 4 * 1024 * 1024;
    private const int MaxBatchChunks = 10_000;

    /// <summary>
    /// How long recorded chunks gather before a write: a job of many small chunks writes a few batches a second, not one
    /// per chunk, so resuming reads few batches.
    /// </summary>
    private static readonly TimeSpan GatherInterval = TimeSpan.FromMilliseconds(250);

    private readonly List<ChunkResultEntry> _unwritten = [];
    private Task _writing = Task.CompletedTask;

    /// <summary>The batch a write was tried with and failed: the first entries of <see cref="_unwritten"/>, written next as they are.</summary>
    private List<ChunkResultEntry>? _pending;

    /// <summary>A write (or the wait gathering its batch) is under way.</summary>
    public bool IsWriting { get; private set; }

    /// <summary>Recorded chunks wait to be written.</summary>
    public bool HasUnwritten => _unwritten.Count > 0;

    /// <summary>Queues a recorded chunk and starts writing.</summary>
    public void Add(ChunkResultEntry entry)
    {
        _unwritten.Add(entry);
        Write();
    }

    /// <summary>Starts writing what waits, unless a write is under way (which then writes it too).</summary>
    public void Write()
    {
        if (!IsWriting && run.IsRunning && _unwritten.Count > 0)
        {
            _writing = WriteAsync();
        }
    }

    /// <summary>
    /// Once the current write is over, writes what is left in one append (the activation is ending); anything lost here
    /// is run again by the next activation.
    /// </summary>
    public async Task WriteRemainingAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        if (_pending is not null)
        {
            await AppendAsync(_pending).WaitAsync(cancellationToken);
        }

        if (_unwritten.Count > 0)
        {
            await AppendAsync([.. _unwritten]).WaitAsync(cancellationToken);
        }
    }

    private async Task WriteAsync()
    {
        IsWriting = true;
        var failures = 0;
        var gathered = false;
        try
        {
            while (_unwritten.Count > 0 && run.IsRunning && !stopping.IsCancellationRequested)
            {
                if (_pending is null && !gathered && !ledger.AllRecorded && _unwritten.Count < MaxBatchChunks
                    && _unwritten.Sum(e => (long)e.Result.Length) < MaxBatchChars)
                {
                    if (!await DelayAsync(GatherInterval))
                    {
                        return;
                    }

                    gathered = true;
                    continue;
                }

                gathered = false;
                _pending ??= NextBatch();
                try
                {
                    await AppendAsync(_pending);
                    failures = 0;
                }
                catch (InconsistentStateException)
                {
                    onConflict();
                    return;
                }
                catch (Exception e)
                {
                    logger.LogStorageFailed(e, jobId, "result log");
                    failures++;
                    if (!await DelayAsync(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * Math.Pow(2, failures)))))
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            IsWriting = false;
        }

        onWritten();
    }

    /// <summary>Appends <paramref name="batch"/>, the first entries waiting, and takes them off the waiting list.</summary>
    private async Task AppendAsync(List<ChunkResultEntry> batch)
    {
        await log.AppendAsync(batch);
        _unwritten.RemoveRange(0, batch.Count);
        _pending = null;
    }

    private List<ChunkResultEntry> NextBatch()
    {
        var batch = new List<ChunkResultEntry>();
        var chars = 0;
        foreach (var entry in _unwritten)
        {
            if (batch.Count > 0 && (chars + entry.Result.Length > MaxBatchChars || batch.Count == MaxBatchChunks))
            {
                break;
            }

            batch.Add(entry);
            chars += entry.Result.Length;
        }

        return batch;
    }

    /// <summary>False when the work stopped during the wait (the activation's end writes what is left).</summary>
    private async Task<bool> DelayAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

using GrainSystem.Abstractions.Jobs;
using Orleans.Storage;

namespace GrainSystem.Grains.Jobs;

/// <summary>Durability: the state machine's writes, the append-only result log, the resume reminder.</summary>
public sealed partial class JobGrain
{
    private const int MaxBatchChars = 4 * 1024 * 1024;
    private const int MaxBatchChunks = 10_000;

    /// <summary>
    /// How long finished chunks gather before a write (unless a batch is full or the job's last chunk finished): a job
    /// of many small chunks writes a few batches a second, not one per chunk, so resuming reads few batches.
    /// </summary>
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private async Task SaveProgressAsync()
    {
        await _progressWrites.WaitAsync();
        try
        {
            _progressDirty = true;
            await _progress.WriteStateAsync();
            _progressDirty = false;
        }
        catch (InconsistentStateException)
        {
            Abandon();
            throw;
        }
        finally
        {
            _progressWrites.Release();
        }
    }

    private async Task TrySaveProgressAsync()
    {
        try
        {
            await SaveProgressAsync();
        }
        catch (Exception e)
        {
            // Retried by the next reminder tick (the state stays dirty).
            LogStorageFailed(_logger, e, JobId, "job state");
        }
    }

    private async Task UnregisterReminderAsync(string name = ResumeReminder)
    {
        try
        {
            if (await this.GetReminder(name) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            if (name == ResumeReminder)
            {
                _reminderRegistered = false;
            }
        }
        catch (Exception e)
        {
            // A leftover reminder only wakes a job that no longer needs it, which then unregisters it again.
            LogStorageFailed(_logger, e, JobId, $"{name} reminder");
        }
    }

    private async Task LoadResultsAsync()
    {
        foreach (var entry in await _log.LoadAsync())
        {
            if (entry.Chunk < 0 || entry.Chunk >= _results.Length || _results[entry.Chunk] is not null)
            {
                continue; // a chunk recorded twice (at-least-once) keeps its first result
            }

            _results[entry.Chunk] = entry.Result;
            _spec.State.Chunks[entry.Chunk] = "";
            _attempts[entry.Chunk] = entry.Attempts;
            _retries += Math.Max(0, entry.Attempts - 1);
            _completed++;
        }

        _resultsLoaded = true;
    }

    private void Flush()
    {
        if (!_flushing && !_abandoned && _unflushed.Count > 0)
        {
            _flushTask = FlushAsync();
        }
    }

    /// <summary>
    /// Appends finished chunks to the result log, one write at a time, each after <see cref="FlushInterval"/> unless the
    /// batch is full or the job's last chunk finished; chunks finishing meanwhile form the next batch.
    /// </summary>
    private async Task FlushAsync()
    {
        _flushing = true;
        var failures = 0;
        var gathered = false;
        try
        {
            // Stops with the activation (_stop): a loop outliving deactivation could write batch N after the next
            // activation wrote it, and that one would then abandon the job. OnDeactivateAsync writes what is left once.
            while (_unflushed.Count > 0 && !_abandoned && State == JobState.Running && !_stop.IsCancellationRequested)
            {
                if (!gathered && _completed < _results.Length && _unflushed.Count < MaxBatchChunks
                    && _unflushed.Sum(e => (long)e.Result.Length) < MaxBatchChars)
                {
                    try
                    {
                        await Task.Delay(FlushInterval, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return; // OnDeactivateAsync writes what is left
                    }

                    gathered = true;
                    continue;
                }

                gathered = false;
                var batch = new List<ChunkResultEntry>();
                var chars = 0;
                foreach (var entry in _unflushed)
                {
                    if (batch.Count > 0 && (chars + entry.Result.Length > MaxBatchChars || batch.Count == MaxBatchChunks))
                    {
                        break;
                    }

                    batch.Add(entry);
                    chars += entry.Result.Length;
                }

                try
                {
                    await _log.AppendAsync(batch);
                    _unflushed.RemoveRange(0, batch.Count);
                    failures = 0;
                }
                catch (InconsistentStateException)
                {
                    Abandon();
                    return;
                }
                catch (Exception e)
                {
                    LogStorageFailed(_logger, e, JobId, "result log");
                    failures++;
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * Math.Pow(2, failures))), _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            _flushing = false;
        }

        TryComplete();
    }

    /// <summary>Another activation of this job wrote first (a duplicate during a failover): leave the job to it.</summary>
    private void Abandon()
    {
        if (_abandoned)
        {
            return;
        }

        _abandoned = true;
        _ready.Clear();
        CancelWork(signalWorkers: false);
        LogAbandoned(_logger, JobId);
        DeactivateOnIdle();
    }
}

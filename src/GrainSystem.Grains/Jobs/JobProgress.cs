using GrainSystem.Abstractions.Jobs;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// The job's small durable record (state <c>job</c>: its state, times, tallies, errors and attempt counts) and its
/// writes, one at a time. It is written on transitions and chunk failures, never per finished chunk (finished chunks go
/// to the result log). A write that meets another activation's write (an ETag conflict) hands the job to that one.
/// </summary>
internal sealed class JobProgress(IPersistentState<JobProgressState> state, Action onConflict, ILogger logger, string jobId)
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>The stored record was deleted: a write still queued (or started by an interleaved turn) must not bring it back.</summary>
    private bool _deleted;

    /// <summary>The record as this activation knows it.</summary>
    public JobProgressState Record => state.State;

    /// <summary>The record is stored, as this activation last read or wrote it.</summary>
    public bool RecordExists => state.RecordExists;

    /// <summary>The record changed since its last successful write (also while a write is under way).</summary>
    public bool HasUnsavedChanges { get; private set; }

    /// <summary>Starts a new job's record (a submission).</summary>
    public void Reset()
    {
        state.State = new JobProgressState();
        _deleted = false;
    }

    /// <summary>Notes a change of the record that must be written.</summary>
    public void MarkChanged() => HasUnsavedChanges = true;

    /// <summary>Writes the record; on an ETag conflict the job is handed to the other activation and the conflict rethrown.</summary>
    public async Task SaveAsync()
    {
        await _writes.WaitAsync();
        try
        {
            if (_deleted)
            {
                // The job expired while this write waited: writing now would re-create a record nobody deletes.
                HasUnsavedChanges = false;
                return;
            }

            HasUnsavedChanges = true;
            await state.WriteStateAsync();
            HasUnsavedChanges = false;
        }
        catch (InconsistentStateException)
        {
            onConflict();
            throw;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Writes the expired mark of the finished job (<see cref="JobRun.BeginExpiry"/>, unsaved), which must be stored
    /// before any of its data is deleted; nothing is written when it is stored already. A conflict (an earlier attempt of
    /// this write that timed out but landed, or another activation's write) reads the record again and goes on from what
    /// is stored, instead of handing the job over. False when this job's record is no longer stored (another activation
    /// deleted it, or a new job's record replaced it): nothing of this job is left to delete, and nothing is written.
    /// </summary>
    public async Task<bool> StoreExpiredAsync()
    {
        await _writes.WaitAsync();
        try
        {
            if (_deleted)
            {
                return false;
            }

            if (HasUnsavedChanges)
            {
                var mine = state.State;
                try
                {
                    await state.WriteStateAsync();
                }
                catch (InconsistentStateException)
                {
                    await state.ReadStateAsync();
                    var stored = state.State;
                    state.State = mine;
                    if (!state.RecordExists || !IsSameJob(mine, stored))
                    {
                        _deleted = true;
                        HasUnsavedChanges = false;
                        return false;
                    }

                    if (!stored.Expired)
                    {
                        await state.WriteStateAsync();
                    }
                }

                HasUnsavedChanges = false;
            }

            return true;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Deletes the stored record, after any write under way; the in-memory one starts over, with nothing left to write, and
    /// no later write of this record (one queued meanwhile, or a reminder's catch-up) stores it again until <see cref="Reset"/>.
    /// A deletion that timed out but landed, or one by another activation, is recognised (<see cref="StoredRecord"/>).
    /// </summary>
    public async Task ClearAsync()
    {
        await _writes.WaitAsync();
        try
        {
            if (!_deleted)
            {
                await StoredRecord.ClearAsync(state, IsSameJob);
                _deleted = true;
            }

            HasUnsavedChanges = false;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Writes the record, logging a failure: the record stays unsaved and the next reminder tick writes it.</summary>
    public async Task TrySaveAsync()
    {
        try
        {
            await SaveAsync();
        }
        catch (Exception e)
        {
            logger.LogStorageFailed(e, jobId, "job state");
        }
    }

    /// <summary>Keeps a chunk's error, the newest <see cref="JobLimits.MaxErrorsKept"/> at most; an error that failed the job is dropped last.</summary>
    public void RecordError(int chunk, int attempt, string message, bool final)
    {
        var errors = Record.Errors;
        if (errors.Count >= JobLimits.MaxErrorsKept)
        {
            var oldest = errors.FindIndex(e => !e.Final);
            errors.RemoveAt(oldest < 0 ? 0 : oldest);
        }

        errors.Add(new ChunkError(chunk, attempt, message, DateTimeOffset.UtcNow, final));
    }

    /// <summary>The last failed attempt of <paramref name="chunk"/> (0 when none), so attempts continue from it after a failover.</summary>
    public int LastFailedAttempt(int chunk) => Record.Chunks.TryGetValue(chunk, out var counts) ? counts.Failed : 0;

    /// <summary>
    /// Counts a failed attempt of <paramref name="chunk"/> (or its loss with a silo, which does not use up the attempt)
    /// and returns the chunk's counts; the record must then be written.
    /// </summary>
    public ChunkAttemptCounts CountFailure(int chunk, int attempt, bool lost)
    {
        var counts = Record.Chunks.TryGetValue(chunk, out var known) ? known : new ChunkAttemptCounts();
        counts = lost ? counts with { Lost = counts.Lost + 1 } : counts with { Failed = attempt };
        Record.Chunks[chunk] = counts;
        HasUnsavedChanges = true;
        return counts;
    }

    /// <summary>Two records of one finished job: a job finishes once, so its finish time tells it from a later job under the id.</summary>
    private static bool IsSameJob(JobProgressState mine, JobProgressState stored) => mine.FinishedAt == stored.FinishedAt;
}

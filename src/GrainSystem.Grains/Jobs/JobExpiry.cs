using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// Retention of a finished job (completed, failed or cancelled): it keeps its description and results for
/// <see cref="JobOptions.FinishedRetention"/>, then its stored spec, state and result log are deleted and its id is free
/// again. The expiry reminder replaces the resume reminder when the job finishes; any call that finds the retention over
/// deletes the job too, so a lost reminder never keeps a job for ever.
/// </summary>
internal sealed class JobExpiry(
    IGrainBase grain,
    string jobId,
    JobRun run,
    IPersistentState<JobSpecState> spec,
    JobProgress progress,
    JobResultLog log,
    JobReminders reminders,
    JobOptions options,
    ILogger logger)
{
    /// <summary>Longest period of the expiry reminder (it retries a deletion that failed).</summary>
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromHours(1);

    /// <summary>Bounds of the backoff between attempts of a deletion that failed (storage unavailable, say).</summary>
    private static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(10);

    // Timer retries before the activation is let go (about 5 minutes): a failure that keeps recurring is left to the expiry
    // reminder's ticks and to the next call, so it neither holds the activation nor calls storage every few seconds for ever.
    private const int MaxTimerRetries = 35;

    private Task<bool>? _deletion;
    private IGrainTimer? _retry;
    private int _failures;

    /// <summary>The spec is deleted (its in-memory state may say otherwise after a deletion that timed out but landed).</summary>
    private bool _specDeleted;

    /// <summary>The job is being deleted, or it finished longer ago than the retention.</summary>
    public bool IsDue =>
        run.IsExpiring
        || (run.IsFinished && progress.Record.FinishedAt is { } finished && finished + options.FinishedRetention <= DateTimeOffset.UtcNow);

    /// <summary>
    /// Called on activation, before the job is restored from its states. They are read concurrently, and a deletion (the
    /// spec, then the record) may have run between the reads, so when only one is stored the spec is read again, after
    /// the record. A record without a spec is what a deletion left half-way (the spec is written first and deleted first):
    /// it is restored as expired, so it is deleted, never run again nor written. A spec without a record is a job accepted
    /// and not started yet.
    /// </summary>
    public async Task SettleReadsAsync()
    {
        if (spec.RecordExists == progress.RecordExists)
        {
            return;
        }

        await spec.ReadStateAsync();
        if (progress.RecordExists && !spec.RecordExists)
        {
            progress.Record.Expired = true;
        }
    }

    /// <summary>
    /// Swaps the resume reminder for the expiry reminder, due when the retention ends: the expiry reminder first, so a
    /// failure (logged) leaves the resume reminder, whose next tick tries the swap again; and any call expires the job too.
    /// </summary>
    public async Task ScheduleAsync()
    {
        try
        {
            var due = (progress.Record.FinishedAt ?? DateTimeOffset.UtcNow) + options.FinishedRetention - DateTimeOffset.UtcNow;
            var period = options.FinishedRetention < MaxPeriod ? options.FinishedRetention : MaxPeriod;
            await reminders.RegisterExpireAsync(due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
        }
        catch (Exception e)
        {
            logger.LogStorageFailed(e, jobId, "expiry reminder");
            return;
        }

        await reminders.UnregisterAsync(JobReminders.Resume);
    }

    /// <summary>
    /// A reminder tick of a finished job that is not due yet: writes the final state if its write failed so far, and
    /// swaps a resume reminder (the swap had failed) for the expiry reminder.
    /// </summary>
    public async Task CatchUpAsync(string reminderName)
    {
        if (progress.HasUnsavedChanges)
        {
            await progress.SaveAsync();
        }

        if (reminderName == JobReminders.Resume)
        {
            await ScheduleAsync();
        }
    }

    /// <summary>
    /// Deletes the job, one deletion at a time (callers interleave); true once it is deleted. A failed deletion is tried
    /// again by a timer with backoff that keeps the activation until it is done (and by the next caller or reminder tick).
    /// </summary>
    public async Task<bool> ExpireOnceAsync()
    {
        _deletion ??= DeleteAsync();
        var deleted = await _deletion;
        if (!deleted)
        {
            _deletion = null;
        }

        return deleted;
    }

    /// <summary>
    /// Marks the job expired (from then on it answers as unknown, also after a failover), then deletes the result log,
    /// the spec and the state (the log first: a deletion that stops half-way leaves a state that still says expired), and
    /// leaves. Nothing is deleted before the mark is stored, also when an earlier attempt failed to store it. Each step
    /// recognises what an earlier attempt that timed out but landed, or another activation, already did. A fresh
    /// activation serves the id from then on, since this one holds the deleted job's chunks and results.
    /// </summary>
    private async Task<bool> DeleteAsync()
    {
        try
        {
            if (!run.IsExpiring)
            {
                run.BeginExpiry(progress.Record);
                progress.MarkChanged();
                logger.LogExpiring(jobId, progress.Record.State, progress.Record.FinishedAt);
            }

            if (await progress.StoreExpiredAsync())
            {
                await log.ClearAsync();
                if (spec.RecordExists && !_specDeleted)
                {
                    await StoredRecord.ClearAsync(spec, static (mine, stored) => mine.CreatedAt == stored.CreatedAt);
                    _specDeleted = true;
                }

                await progress.ClearAsync();
            }

            run.Delete();
        }
        catch (Exception e)
        {
            logger.LogStorageFailed(e, jobId, "expired job");
            RetryLater();
            return false;
        }

        _retry?.Dispose();
        _retry = null;
        await reminders.UnregisterAsync(JobReminders.Expire);
        grain.DeactivateOnIdle();
        return true;
    }

    /// <summary>Tries the deletion again after a backoff, keeping the activation meanwhile.</summary>
    private void RetryLater()
    {
        _failures++;
        _retry?.Dispose();
        _retry = null;
        if (_failures > MaxTimerRetries)
        {
            return;
        }

        try
        {
            _retry = grain.RegisterGrainTimer(static (self, _) => self.RetryAsync(), this, new GrainTimerCreationOptions
            {
                DueTime = RetryBackoff.Delay(_failures, RetryBaseDelay, RetryMaxDelay, Random.Shared),
                Period = Timeout.InfiniteTimeSpan,
                Interleave = true,
                KeepAlive = true,
            });
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The activation is ending: the stored expired mark (or the retention's end) has the next activation delete it.
            _retry = null;
        }
    }

    private async Task RetryAsync()
    {
        _retry?.Dispose();
        _retry = null;
        if (run.IsExpiring)
        {
            await ExpireOnceAsync();
        }
    }
}

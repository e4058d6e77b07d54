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

    private Task<bool>? _deletion;

    /// <summary>The job is being deleted, or it finished longer ago than the retention.</summary>
    public bool IsDue =>
        run.IsExpiring
        || (run.IsFinished && progress.Record.FinishedAt is { } finished && finished + options.FinishedRetention <= DateTimeOffset.UtcNow);

    /// <summary>
    /// Swaps the resume reminder for the expiry reminder, due when the retention ends. Best effort: a failure is logged,
    /// and any later call expires the job anyway.
    /// </summary>
    public async Task ScheduleAsync()
    {
        await reminders.UnregisterAsync(JobReminders.Resume);
        try
        {
            var due = (progress.Record.FinishedAt ?? DateTimeOffset.UtcNow) + options.FinishedRetention - DateTimeOffset.UtcNow;
            var period = options.FinishedRetention < MaxPeriod ? options.FinishedRetention : MaxPeriod;
            await reminders.RegisterExpireAsync(due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
        }
        catch (Exception e)
        {
            logger.LogStorageFailed(e, jobId, "expiry reminder");
        }
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
    /// again by the next caller or reminder tick.
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
    /// leaves. A fresh activation serves the id from then on, since this one holds the deleted job's chunks and results.
    /// </summary>
    private async Task<bool> DeleteAsync()
    {
        try
        {
            if (!run.IsExpiring)
            {
                run.BeginExpiry(progress.Record);
                await progress.SaveAsync();
                logger.LogExpiring(jobId, progress.Record.State, progress.Record.FinishedAt);
            }

            await log.ClearAsync();
            if (spec.RecordExists)
            {
                await spec.ClearStateAsync();
            }

            await progress.ClearAsync();
            run.Delete();
        }
        catch (Exception e)
        {
            logger.LogStorageFailed(e, jobId, "expired job");
            return false;
        }

        await reminders.UnregisterAsync(JobReminders.Expire);
        grain.DeactivateOnIdle();
        return true;
    }
}

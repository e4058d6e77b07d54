using GrainSystem.Abstractions.Jobs;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// Expiry: a finished job (completed, failed or cancelled) keeps its status and results for
/// <see cref="JobOptions.FinishedRetention"/>, then its stored spec, state and result log are deleted and its id is
/// free again. An <c>expire</c> reminder replaces the <c>resume</c> one when the job finishes; any call that finds the
/// retention over deletes the job too, so a lost reminder never keeps a job for ever.
/// </summary>
public sealed partial class JobGrain
{
    private const string ExpiryReminder = "expire";

    /// <summary>Longest period of the expiry reminder (it retries a deletion that failed).</summary>
    private static readonly TimeSpan MaxExpiryPeriod = TimeSpan.FromHours(1);

    private Task<bool>? _expiring;

    /// <summary>This activation deleted its job: it leaves, and takes no new one (its dispatch is stopped for good).</summary>
    private bool Deleted => _expiring is { IsCompletedSuccessfully: true, Result: true };

    /// <summary>True once the job is being deleted, or finished longer ago than the retention.</summary>
    private bool IsExpired =>
        _progress.State.Expired
        || (_spec.RecordExists && !IsUnfinished(State) && _progress.State.FinishedAt is { } finished
            && finished + _options.FinishedRetention <= DateTimeOffset.UtcNow);

    /// <summary>Swaps the resume reminder for the expiry reminder, due when the retention ends (best effort: any later call also expires the job).</summary>
    private async Task ScheduleExpiryAsync()
    {
        await UnregisterReminderAsync();
        try
        {
            var due = (_progress.State.FinishedAt ?? DateTimeOffset.UtcNow) + _options.FinishedRetention - DateTimeOffset.UtcNow;
            var period = _options.FinishedRetention < MaxExpiryPeriod ? _options.FinishedRetention : MaxExpiryPeriod;
            await this.RegisterOrUpdateReminder(ExpiryReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
        }
        catch (Exception e)
        {
            LogStorageFailed(_logger, e, JobId, "expiry reminder");
        }
    }

    /// <summary>One deletion at a time (callers interleave); a failed one is tried again by the next caller.</summary>
    private async Task<bool> ExpireOnceAsync()
    {
        _expiring ??= ExpireAsync();
        var deleted = await _expiring;
        if (!deleted)
        {
            _expiring = null;
        }

        return deleted;
    }

    /// <summary>
    /// Deletes the job's stored data: first marks it expired (from then on it answers as unknown), then deletes the result
    /// log, the spec and the state, and leaves. True when everything was deleted; a failure is retried by the next
    /// reminder tick or call.
    /// </summary>
    private async Task<bool> ExpireAsync()
    {
        try
        {
            if (!_progress.State.Expired)
            {
                _progress.State.Expired = true;
                await SaveProgressAsync();
                LogExpiring(_logger, JobId, _progress.State.State, _progress.State.FinishedAt);
            }

            await _log.ClearAsync();
            if (_spec.RecordExists)
            {
                await _spec.ClearStateAsync();
            }

            await _progress.ClearStateAsync();
        }
        catch (Exception e)
        {
            LogStorageFailed(_logger, e, JobId, "expired job");
            return false;
        }

        try
        {
            if (await this.GetReminder(ExpiryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e)
        {
            // A leftover tick finds nothing stored and unregisters it again.
            LogStorageFailed(_logger, e, JobId, "expiry reminder");
        }

        // A fresh activation serves the id from here on (this one holds the deleted job's chunks and results).
        DeactivateOnIdle();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({State}, finished at {FinishedAt}) reached the end of its retention; deleting it")]
    private static partial void LogExpiring(ILogger logger, string jobId, JobState state, DateTimeOffset? finishedAt);
}

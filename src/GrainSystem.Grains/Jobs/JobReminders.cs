using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// The job's two reminders: <c>resume</c> while the job is unfinished (it wakes the job after the loss of its silo),
/// then <c>expire</c> once it finished (it deletes the job when its retention ends).
/// </summary>
internal sealed class JobReminders(IGrainBase grain, ILogger logger, string jobId)
{
    public const string Resume = "resume";
    public const string Expire = "expire";

    /// <summary>The resume reminder is known to be registered (by this activation, or it is what woke an unfinished job).</summary>
    public bool IsResumeRegistered { get; private set; }

    /// <summary>An unfinished job was activated: its resume reminder was registered when it was accepted.</summary>
    public void MarkResumeRegistered() => IsResumeRegistered = true;

    /// <summary>Registers the resume reminder, ticking every <paramref name="period"/>; a failure is thrown.</summary>
    public async Task RegisterResumeAsync(TimeSpan period)
    {
        await grain.RegisterOrUpdateReminder(Resume, period, period);
        IsResumeRegistered = true;
    }

    /// <summary>Registers the expiry reminder; a failure is thrown.</summary>
    public Task RegisterExpireAsync(TimeSpan due, TimeSpan period) => grain.RegisterOrUpdateReminder(Expire, due, period);

    /// <summary>
    /// Unregisters the reminder <paramref name="name"/> if it exists. A failure is logged only: a leftover reminder wakes a
    /// job that no longer needs it, which unregisters it again.
    /// </summary>
    public async Task UnregisterAsync(string name)
    {
        try
        {
            if (await grain.GetReminder(name) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }

            if (name == Resume)
            {
                IsResumeRegistered = false;
            }
        }
        catch (Exception e)
        {
            logger.LogStorageFailed(e, jobId, $"{name} reminder");
        }
    }
}

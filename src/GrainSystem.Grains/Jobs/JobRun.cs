using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Grains.Jobs;

/// <summary>
/// The life of a job in one activation, as one state and the transitions between its values:
/// <code>
/// None ──Submit──▶ Submitting ──Accept──▶ Pending ──Start──▶ Running ──Complete──▶ Completed
///   ▲                  │                     │                  ├──────Fail──────▶ Failed
///   └──────Refuse──────┘                     └──────Cancel──────┴──────────────▶ Cancelled
/// None ──Restore──▶ (the stored state: Pending, Running, Completed, Failed, Cancelled, or Expiring)
/// Completed | Failed | Cancelled ──BeginExpiry──▶ Expiring ──Delete──▶ Deleted
/// Pending … Expiring ──Abandon──▶ Abandoned
/// </code>
/// A transition from any other state throws <see cref="InvalidOperationException"/>: callers ask first (a refused
/// transition is a bug, not an outcome). The transitions that change what is stored also stamp the job's stored record
/// (<see cref="JobProgressState.State"/>, its times and its expired mark), which is the persisted projection of this
/// state; the caller writes it. Touched only on the activation's scheduler, one turn at a time.
/// </summary>
public sealed class JobRun
{
    private JobRunState _state = JobRunState.None;

    /// <summary>The current state.</summary>
    public JobRunState State => _state;

    /// <summary>A submission is storing the job.</summary>
    public bool IsSubmitting => _state == JobRunState.Submitting;

    /// <summary>A job is stored under the id and this activation knows it (also when another activation took it over).</summary>
    public bool IsStored => _state is JobRunState.Pending or JobRunState.Running or JobRunState.Completed
        or JobRunState.Failed or JobRunState.Cancelled or JobRunState.Abandoned;

    /// <summary>Pending or Running: the job still has chunks to run, and resumes after the loss of its silo.</summary>
    public bool IsUnfinished => _state is JobRunState.Pending or JobRunState.Running;

    /// <summary>Chunks may be sent and their answers recorded.</summary>
    public bool IsRunning => _state == JobRunState.Running;

    /// <summary>Completed, Failed or Cancelled: kept for the retention, then deleted.</summary>
    public bool IsFinished => _state is JobRunState.Completed or JobRunState.Failed or JobRunState.Cancelled;

    /// <summary>The job's stored data is being deleted.</summary>
    public bool IsExpiring => _state == JobRunState.Expiring;

    /// <summary>The job's stored data is deleted.</summary>
    public bool IsDeleted => _state == JobRunState.Deleted;

    /// <summary>Another activation took the job over.</summary>
    public bool IsAbandoned => _state == JobRunState.Abandoned;

    /// <summary>None → Submitting: a submission starts storing a new job.</summary>
    public void Submit() => Move(nameof(Submit), JobRunState.Submitting, JobRunState.None);

    /// <summary>Submitting → Pending: the job is stored.</summary>
    public void Accept() => Move(nameof(Accept), JobRunState.Pending, JobRunState.Submitting);

    /// <summary>Submitting → None: the job could not be stored; nothing was accepted.</summary>
    public void Refuse() => Move(nameof(Refuse), JobRunState.None, JobRunState.Submitting);

    /// <summary>
    /// None → the state <paramref name="record"/> stores (Expiring when it is marked expired), or stays None when
    /// nothing is stored: an activation takes up what an earlier one left.
    /// </summary>
    public void Restore(JobProgressState record, bool specStored)
    {
        var next = record.Expired ? JobRunState.Expiring
            : !specStored ? JobRunState.None
            : record.State switch
            {
                JobState.Pending => JobRunState.Pending,
                JobState.Running => JobRunState.Running,
                JobState.Completed => JobRunState.Completed,
                JobState.Failed => JobRunState.Failed,
                JobState.Cancelled => JobRunState.Cancelled,
                _ => throw new InvalidOperationException($"A stored job cannot be in state {record.State}."),
            };
        Move(nameof(Restore), next, JobRunState.None);
    }

    /// <summary>Pending → Running: the first chunks go out.</summary>
    public void Start(JobProgressState record, DateTimeOffset now)
    {
        Move(nameof(Start), JobRunState.Running, JobRunState.Pending);
        record.State = JobState.Running;
        record.StartedAt = now;
    }

    /// <summary>Running → Completed: every chunk's result is recorded and written.</summary>
    public void Complete(JobProgressState record, DateTimeOffset now)
    {
        Move(nameof(Complete), JobRunState.Completed, JobRunState.Running);
        Finish(record, JobState.Completed, now);
    }

    /// <summary>Running → Failed: a chunk failed for good.</summary>
    public void Fail(JobProgressState record, DateTimeOffset now)
    {
        Move(nameof(Fail), JobRunState.Failed, JobRunState.Running);
        Finish(record, JobState.Failed, now);
    }

    /// <summary>Pending or Running → Cancelled.</summary>
    public void Cancel(JobProgressState record, DateTimeOffset now)
    {
        Move(nameof(Cancel), JobRunState.Cancelled, JobRunState.Pending, JobRunState.Running);
        Finish(record, JobState.Cancelled, now);
    }

    /// <summary>Completed, Failed or Cancelled → Expiring: the retention ended; from now on the job answers as unknown.</summary>
    public void BeginExpiry(JobProgressState record)
    {
        Move(nameof(BeginExpiry), JobRunState.Expiring, JobRunState.Completed, JobRunState.Failed, JobRunState.Cancelled);
        record.Expired = true;
    }

    /// <summary>Expiring → Deleted: the job's stored data is gone.</summary>
    public void Delete() => Move(nameof(Delete), JobRunState.Deleted, JobRunState.Expiring);

    /// <summary>Any state of a stored job (Pending … Expiring) → Abandoned: another activation wrote first.</summary>
    public void Abandon() => Move(nameof(Abandon), JobRunState.Abandoned, JobRunState.Pending, JobRunState.Running,
        JobRunState.Completed, JobRunState.Failed, JobRunState.Cancelled, JobRunState.Expiring);

    public override string ToString() => _state.ToString();

    private static void Finish(JobProgressState record, JobState state, DateTimeOffset now)
    {
        record.State = state;
        record.FinishedAt = now;
    }

    private void Move(string transition, JobRunState to, params ReadOnlySpan<JobRunState> from)
    {
        foreach (var allowed in from)
        {
            if (allowed == _state)
            {
                _state = to;
                return;
            }
        }

        throw new InvalidOperationException($"A job cannot {transition} when it is {_state} (only from {string.Join(", ", from.ToArray())}).");
    }
}

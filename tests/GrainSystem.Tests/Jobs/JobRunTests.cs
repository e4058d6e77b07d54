using GrainSystem.Abstractions.Jobs;
using GrainSystem.Grains.Jobs;

namespace GrainSystem.Tests.Jobs;

public sealed class JobRunTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Every transition, applied with a record of a running job where it reads one.</summary>
    private static readonly Dictionary<string, Action<JobRun, JobProgressState>> Transitions = new()
    {
        ["Submit"] = (run, _) => run.Submit(),
        ["Accept"] = (run, _) => run.Accept(),
        ["Refuse"] = (run, _) => run.Refuse(),
        ["Restore"] = (run, record) => run.Restore(record, specStored: true),
        ["Start"] = (run, record) => run.Start(record, Now),
        ["Complete"] = (run, record) => run.Complete(record, Now),
        ["Fail"] = (run, record) => run.Fail(record, Now),
        ["Cancel"] = (run, record) => run.Cancel(record, Now),
        ["BeginExpiry"] = (run, record) => run.BeginExpiry(record),
        ["Delete"] = (run, _) => run.Delete(),
        ["Abandon"] = (run, _) => run.Abandon(),
    };

    /// <summary>The legal transitions, each with the states it may leave and the one it leads to; every other pair is refused.</summary>
    private static readonly Dictionary<(JobRunState From, string Transition), JobRunState> Legal = Table(
        ("Submit", [JobRunState.None], JobRunState.Submitting),
        ("Restore", [JobRunState.None], JobRunState.Running),
        ("Accept", [JobRunState.Submitting], JobRunState.Pending),
        ("Refuse", [JobRunState.Submitting], JobRunState.None),
        ("Start", [JobRunState.Pending], JobRunState.Running),
        ("Complete", [JobRunState.Running], JobRunState.Completed),
        ("Fail", [JobRunState.Running], JobRunState.Failed),
        ("Cancel", [JobRunState.Pending, JobRunState.Running], JobRunState.Cancelled),
        ("BeginExpiry", [JobRunState.Completed, JobRunState.Failed, JobRunState.Cancelled], JobRunState.Expiring),
        ("Delete", [JobRunState.Expiring], JobRunState.Deleted),
        ("Abandon", [JobRunState.Pending, JobRunState.Running, JobRunState.Completed, JobRunState.Failed, JobRunState.Cancelled,
            JobRunState.Expiring], JobRunState.Abandoned));

    public static TheoryData<JobRunState, string, JobRunState> LegalTransitions()
    {
        var data = new TheoryData<JobRunState, string, JobRunState>();
        foreach (var ((from, transition), to) in Legal)
        {
            data.Add(from, transition, to);
        }

        return data;
    }

    public static TheoryData<JobRunState, string> IllegalTransitions()
    {
        var data = new TheoryData<JobRunState, string>();
        foreach (var from in Enum.GetValues<JobRunState>())
        {
            foreach (var transition in Transitions.Keys.Where(t => !Legal.ContainsKey((from, t))))
            {
                data.Add(from, transition);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LegalTransitions))]
    public void A_legal_transition_moves_to_its_state(JobRunState from, string transition, JobRunState to)
    {
        var run = Reach(from);

        Transitions[transition](run, new JobProgressState { State = JobState.Running });

        Assert.Equal(to, run.State);
    }

    [Theory]
    [MemberData(nameof(IllegalTransitions))]
    public void An_illegal_transition_is_refused_and_changes_nothing(JobRunState from, string transition)
    {
        var run = Reach(from);
        var record = new JobProgressState { State = JobState.Running };

        var error = Assert.Throws<InvalidOperationException>(() => Transitions[transition](run, record));

        Assert.Equal(from, run.State);
        Assert.Contains(transition, error.Message);
        Assert.Equivalent(new JobProgressState { State = JobState.Running }, record);
    }

    [Fact]
    public void Every_state_is_reachable_and_covered_by_the_table()
    {
        foreach (var state in Enum.GetValues<JobRunState>())
        {
            Assert.Equal(state, Reach(state).State);
        }
    }

    [Fact]
    public void A_job_is_submitted_accepted_started_completed_expired_and_deleted_stamping_its_record()
    {
        var run = new JobRun();
        var record = new JobProgressState();

        run.Submit();
        Assert.True(run.IsSubmitting);
        Assert.False(run.IsStored);
        run.Accept();
        Assert.True(run.IsStored && run.IsUnfinished && !run.IsRunning);
        run.Start(record, Now);
        Assert.Equal((JobState.Running, Now, (DateTimeOffset?)null), (record.State, record.StartedAt, record.FinishedAt));
        Assert.True(run.IsRunning);
        run.Complete(record, Now.AddMinutes(1));
        Assert.Equal((JobState.Completed, Now.AddMinutes(1)), (record.State, record.FinishedAt));
        Assert.True(run.IsFinished && run.IsStored && !run.IsUnfinished);
        run.BeginExpiry(record);
        Assert.True(record.Expired);
        Assert.True(run.IsExpiring && !run.IsStored);
        run.Delete();
        Assert.True(run.IsDeleted && !run.IsStored);
    }

    [Theory]
    [InlineData(JobRunState.Running, JobState.Failed)]
    [InlineData(JobRunState.Pending, JobState.Cancelled)]
    [InlineData(JobRunState.Running, JobState.Cancelled)]
    public void Failing_and_cancelling_stamp_the_final_state_and_time(JobRunState from, JobState final)
    {
        var run = Reach(from);
        var record = new JobProgressState { State = from == JobRunState.Running ? JobState.Running : JobState.Pending };

        if (final == JobState.Failed)
        {
            run.Fail(record, Now);
        }
        else
        {
            run.Cancel(record, Now);
        }

        Assert.Equal((final, Now), (record.State, record.FinishedAt));
        Assert.True(run.IsFinished);
    }

    [Theory]
    [InlineData(JobState.Pending, JobRunState.Pending)]
    [InlineData(JobState.Running, JobRunState.Running)]
    [InlineData(JobState.Completed, JobRunState.Completed)]
    [InlineData(JobState.Failed, JobRunState.Failed)]
    [InlineData(JobState.Cancelled, JobRunState.Cancelled)]
    public void Restoring_takes_up_the_stored_state(JobState stored, JobRunState expected)
    {
        var run = new JobRun();

        run.Restore(new JobProgressState { State = stored }, specStored: true);

        Assert.Equal(expected, run.State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Restoring_a_job_marked_expired_resumes_its_deletion(bool specStored)
    {
        var run = new JobRun();

        run.Restore(new JobProgressState { State = JobState.Completed, Expired = true }, specStored);

        Assert.Equal(JobRunState.Expiring, run.State);
    }

    [Fact]
    public void Restoring_with_nothing_stored_stays_none_and_a_submission_may_follow()
    {
        var run = new JobRun();

        run.Restore(new JobProgressState(), specStored: false);
        run.Submit();

        Assert.Equal(JobRunState.Submitting, run.State);
    }

    [Fact]
    public void A_refused_submission_leaves_no_job_and_the_id_can_be_submitted_again()
    {
        var run = new JobRun();
        run.Submit();

        run.Refuse();
        Assert.Equal(JobRunState.None, run.State);
        Assert.False(run.IsStored);
        run.Submit();
        run.Accept();

        Assert.Equal(JobRunState.Pending, run.State);
    }

    [Fact]
    public void An_abandoned_job_is_still_known_but_sends_nothing_and_does_not_resume()
    {
        var run = Reach(JobRunState.Running);

        run.Abandon();

        Assert.True(run.IsStored);
        Assert.False(run.IsRunning || run.IsUnfinished || run.IsFinished);
    }

    private static Dictionary<(JobRunState From, string Transition), JobRunState> Table(
        params (string Transition, JobRunState[] From, JobRunState To)[] transitions) =>
        transitions.SelectMany(t => t.From.Select(from => (From: from, t.Transition, t.To)))
            .ToDictionary(legal => (legal.From, legal.Transition), legal => legal.To);

    /// <summary>A run brought to <paramref name="state"/> by legal transitions only.</summary>
    private static JobRun Reach(JobRunState state)
    {
        var run = new JobRun();
        var record = new JobProgressState();
        string[] path = state switch
        {
            JobRunState.None => [],
            JobRunState.Submitting => ["Submit"],
            JobRunState.Pending => ["Submit", "Accept"],
            JobRunState.Running => ["Submit", "Accept", "Start"],
            JobRunState.Completed => ["Submit", "Accept", "Start", "Complete"],
            JobRunState.Failed => ["Submit", "Accept", "Start", "Fail"],
            JobRunState.Cancelled => ["Submit", "Accept", "Cancel"],
            JobRunState.Expiring => ["Submit", "Accept", "Start", "Complete", "BeginExpiry"],
            JobRunState.Deleted => ["Submit", "Accept", "Start", "Complete", "BeginExpiry", "Delete"],
            JobRunState.Abandoned => ["Submit", "Accept", "Start", "Abandon"],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var transition in path)
        {
            Transitions[transition](run, record);
        }

        return run;
    }
}

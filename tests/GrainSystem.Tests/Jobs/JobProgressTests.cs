using GrainSystem.Grains.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainSystem.Tests.Jobs;

/// <summary>The job record's writes around its deletion, when the job's retention ends.</summary>
public sealed class JobProgressTests
{
    [Fact]
    public async Task A_write_under_way_or_queued_when_the_job_expires_does_not_store_its_record_again()
    {
        var state = new HeldState();
        var progress = new JobProgress(state, () => { }, NullLogger.Instance, "expiring");

        // A write is under way (a reminder's catch-up, say) when the expiry deletes the record, and one more is queued.
        var release = state.HoldNextWrite();
        var underWay = progress.SaveAsync();
        var deletion = progress.ClearAsync();
        var queued = progress.SaveAsync();
        release.SetResult();
        await Task.WhenAll(underWay, deletion, queued).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(state.RecordExists);
        Assert.Equal(1, state.Writes);
        Assert.False(progress.HasUnsavedChanges);
    }

    [Fact]
    public async Task A_new_submission_after_the_deletion_is_written_again()
    {
        var state = new HeldState();
        var progress = new JobProgress(state, () => { }, NullLogger.Instance, "reused");
        await progress.ClearAsync();

        progress.Reset();
        await progress.SaveAsync();

        Assert.True(state.RecordExists);
    }

    /// <summary>A stored record whose next write can be held until the test lets it land.</summary>
    private sealed class HeldState : IPersistentState<JobProgressState>
    {
        private TaskCompletionSource? _hold;

        public JobProgressState State { get; set; } = new();

        public string? Etag { get; private set; }

        public bool RecordExists { get; private set; }

        public int Writes { get; private set; }

        public TaskCompletionSource HoldNextWrite() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ClearStateAsync()
        {
            RecordExists = false;
            Etag = null;
            State = new JobProgressState();
            return Task.CompletedTask;
        }

        public async Task WriteStateAsync()
        {
            if (_hold is { } hold)
            {
                _hold = null;
                await hold.Task;
            }

            Writes++;
            RecordExists = true;
            Etag = Writes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public Task ReadStateAsync() => Task.CompletedTask;
    }
}

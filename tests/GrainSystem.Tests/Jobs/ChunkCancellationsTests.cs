using GrainSystem.Grains.Jobs;
using GrainSystem.Testing;

namespace GrainSystem.Tests.Jobs;

public sealed class ChunkCancellationsTests
{
    [Fact]
    public void Cancel_reaches_every_tracked_chunk_of_the_job_only()
    {
        var cancellations = new ChunkCancellations(new TestClock());
        using var a = new CancellationTokenSource();
        using var b = new CancellationTokenSource();
        using var other = new CancellationTokenSource();
        using var trackA = cancellations.Track("job", a);
        using var trackB = cancellations.Track("job", b);
        using var trackOther = cancellations.Track("other", other);

        cancellations.Cancel("job");

        Assert.True(a.IsCancellationRequested);
        Assert.True(b.IsCancellationRequested);
        Assert.False(other.IsCancellationRequested);
    }

    [Fact]
    public void A_source_disposed_before_the_cancel_neither_throws_nor_stops_the_others()
    {
        var cancellations = new ChunkCancellations(new TestClock());
        var disposed = new CancellationTokenSource();
        using var live = new CancellationTokenSource();
        using var trackDisposed = cancellations.Track("job", disposed);
        using var trackLive = cancellations.Track("job", live);
        disposed.Dispose(); // a chunk ending: its source is disposed while a cancel is under way

        cancellations.Cancel("job");

        Assert.True(live.IsCancellationRequested);
    }

    [Fact]
    public void A_chunk_tracked_after_the_cancel_is_cancelled_at_once()
    {
        var cancellations = new ChunkCancellations(new TestClock());
        cancellations.Cancel("job");
        using var late = new CancellationTokenSource();

        using var tracking = cancellations.Track("job", late);

        Assert.True(late.IsCancellationRequested);
        Assert.True(cancellations.IsCancelled("job"));
    }

    [Fact]
    public void A_cancelled_job_is_forgotten_after_the_remember_window()
    {
        var clock = new TestClock();
        var cancellations = new ChunkCancellations(clock);
        cancellations.Cancel("job");

        clock.Advance(ChunkCancellations.Remember - TimeSpan.FromSeconds(1));
        Assert.True(cancellations.IsCancelled("job"));
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.False(cancellations.IsCancelled("job"));
        using var source = new CancellationTokenSource();
        using var tracking = cancellations.Track("job", source);
        Assert.False(source.IsCancellationRequested);
    }

    [Fact]
    public async Task No_cancel_is_lost_while_chunks_of_the_job_start_and_end_concurrently()
    {
        // Chunks of one job keep starting and ending (the job's entry is dropped and re-created); a chunk tracked
        // before the cancel and still tracked after it must be cancelled.
        for (var round = 0; round < 200; round++)
        {
            var cancellations = new ChunkCancellations(new TestClock());
            using var stop = new CancellationTokenSource();
            var churn = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var source = new CancellationTokenSource();
                    cancellations.Track("job", source).Dispose();
                }
            });
            var sources = Enumerable.Range(0, 4).Select(_ => new CancellationTokenSource()).ToArray();
            var tracked = new List<IDisposable>();
            foreach (var source in sources)
            {
                tracked.Add(cancellations.Track("job", source));
            }

            cancellations.Cancel("job");
            await stop.CancelAsync();
            await churn;

            Assert.All(sources, s => Assert.True(s.IsCancellationRequested));
            tracked.ForEach(t => t.Dispose());
            Array.ForEach(sources, s => s.Dispose());
        }
    }
}

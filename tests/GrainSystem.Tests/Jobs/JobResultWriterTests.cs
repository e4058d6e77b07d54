using GrainSystem.Grains.Jobs;
using GrainSystem.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainSystem.Tests.Jobs;

public sealed class JobResultWriterTests
{
    private static readonly GrainId Job = GrainId.Create("job", "writer");

    [Fact]
    public async Task A_write_that_landed_but_lost_its_answer_is_retried_with_the_same_batch_though_more_chunks_finished()
    {
        var storage = new InMemoryGrainStorage();
        var run = new JobRun();
        run.Submit();
        run.Accept();
        run.Start(new JobProgressState(), DateTimeOffset.UtcNow);
        var ledger = new ChunkLedger();
        ledger.Prepare(["[0]", "[1]", "[2]"]);
        ledger.Restore([]);
        using var stopping = new CancellationTokenSource();
        var conflicts = 0;
        var writer = new JobResultWriter(new JobResultLog(storage, Job), run, ledger, stopping.Token, () => conflicts++, () => { },
            NullLogger.Instance, "writer");

        // The first batch's write lands but its answer is lost; chunks 1 and 2 finish while it is under way.
        bool FirstBatch(GrainStorageCall call) => call.Operation == GrainStorageOperation.Write && call.StateName == "results-0";
        var held = storage.HoldNext(FirstBatch);
        storage.LoseNextAnswer(FirstBatch);
        writer.Add(ledger.Record(0, 1, "[0]", "silo"));
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        writer.Add(ledger.Record(1, 1, "[1]", "silo"));
        writer.Add(ledger.Record(2, 1, "[2]", "silo"));
        held.Release();

        await Poll.UntilAsync(() => conflicts > 0 || (!writer.IsWriting && !writer.HasUnwritten), TimeSpan.FromSeconds(30),
            "the writer to write every chunk or to give up on a conflict");
        Assert.Equal(0, conflicts);
        var reader = new JobResultLog(storage, Job);
        Assert.Equal([0, 1, 2], (await reader.LoadAsync()).Select(e => e.Chunk));
        Assert.Equal(2, reader.NextBatch);
    }
}

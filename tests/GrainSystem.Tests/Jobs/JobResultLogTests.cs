using GrainSystem.Grains.Jobs;
using GrainSystem.Testing;
using Orleans.Storage;

namespace GrainSystem.Tests.Jobs;

public sealed class JobResultLogTests
{
    private static readonly GrainId Job = GrainId.Create("job", "test");

    [Fact]
    public async Task A_retried_append_whose_first_write_landed_moves_on_instead_of_conflicting()
    {
        var storage = new InMemoryGrainStorage();
        storage.LoseNextAnswer(call => call.Operation == GrainStorageOperation.Write);
        var log = new JobResultLog(storage, Job);
        await Assert.ThrowsAsync<TimeoutException>(() => log.AppendAsync(Entries(0, 1)));

        await log.AppendAsync(Entries(0, 1)); // the same batch again, as the flush loop retries it
        await log.AppendAsync(Entries(2));

        var reader = new JobResultLog(storage, Job);
        var entries = await reader.LoadAsync();
        Assert.Equal([0, 1, 2], entries.Select(e => e.Chunk));
        Assert.Equal(2, reader.NextBatch);
    }

    [Fact]
    public async Task A_batch_written_by_another_activation_is_a_conflict()
    {
        var storage = new InMemoryGrainStorage();
        var first = new JobResultLog(storage, Job);
        var second = new JobResultLog(storage, Job);
        await first.AppendAsync(Entries(0));

        await Assert.ThrowsAsync<InconsistentStateException>(() => second.AppendAsync(Entries(1)));
    }

    [Fact]
    public async Task Loading_reads_every_batch_in_order_across_read_pages()
    {
        var storage = new InMemoryGrainStorage();
        var writer = new JobResultLog(storage, Job);
        var batches = 2 * JobResultLog.ReadPage + 3;
        for (var chunk = 0; chunk < batches; chunk++)
        {
            await writer.AppendAsync(Entries(chunk));
        }

        var reader = new JobResultLog(storage, Job);
        var entries = await reader.LoadAsync();

        Assert.Equal(Enumerable.Range(0, batches), entries.Select(e => e.Chunk));
        Assert.Equal(batches, reader.NextBatch);
        await reader.AppendAsync(Entries(batches)); // positioned after the last batch: no conflict
    }

    private static List<ChunkResultEntry> Entries(params int[] chunks) =>
        chunks.Select(c => new ChunkResultEntry { Chunk = c, Attempts = 1, Result = $"[{c}]" }).ToList();
}

using System.Collections.Concurrent;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary>
/// Where and when the test operations (<c>sleep</c>, <c>flaky</c>) ran each attempt of each chunk, per silo. Registered
/// only with <c>Jobs:EnableTestOperations</c>; tests read it to observe parallelism, placement, retries and
/// cancellation from the workers' side. Bounded: the oldest runs are dropped beyond <see cref="Capacity"/>.
/// </summary>
public sealed class TestOperationJournal(ILocalSiloDetails silo)
{
    public const int Capacity = 10_000;

    private readonly ConcurrentQueue<ChunkRun> _runs = new();

    public string Silo { get; } = silo.SiloAddress.ToString();

    public ChunkRun Start(ChunkContext context)
    {
        var run = new ChunkRun(context.JobId, context.Chunk, context.Attempt, Silo, DateTimeOffset.UtcNow);
        _runs.Enqueue(run);
        while (_runs.Count > Capacity && _runs.TryDequeue(out _))
        {
        }

        return run;
    }

    public IReadOnlyList<ChunkRun> RunsOf(string jobId) => _runs.Where(r => r.JobId == jobId).ToArray();
}

using System.Collections.Concurrent;
using Orleans.Runtime;

namespace GrainSystem.Grains.Work.Operations;

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

/// <summary>One attempt of one chunk of a test operation.</summary>
public sealed class ChunkRun(string jobId, int chunk, int attempt, string silo, DateTimeOffset startedAt)
{
    public string JobId { get; } = jobId;

    public int Chunk { get; } = chunk;

    public int Attempt { get; } = attempt;

    public string Silo { get; } = silo;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary><c>completed</c>, <c>failed</c> or <c>cancelled</c> once ended.</summary>
    public string? Outcome { get; private set; }

    public void End(string outcome)
    {
        Outcome = outcome;
        EndedAt = DateTimeOffset.UtcNow;
    }
}

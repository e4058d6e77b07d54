using GrainSystem.Abstractions.Jobs;
using Orleans.Concurrency;

namespace GrainSystem.Grains.Jobs;

/// <summary>Signals <see cref="ChunkCancellations"/> on its silo; one activation per silo is plenty (it never waits).</summary>
[StatelessWorker(1)]
public sealed class ChunkCancellationGrain(ChunkCancellations cancellations) : Grain, IChunkCancellationGrain
{
    public Task CancelJobAsync(string jobId)
    {
        cancellations.Cancel(jobId);
        return Task.CompletedTask;
    }
}

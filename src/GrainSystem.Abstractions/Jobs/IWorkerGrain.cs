using Orleans.Concurrency;

namespace GrainSystem.Abstractions.Jobs;

/// <summary>
/// Runs chunks. Implemented as a <see cref="StatelessWorkerAttribute">stateless worker</see> with the attribute's
/// default local worker count, <see cref="Environment.ProcessorCount"/>: an activation runs one chunk at a time, so a
/// silo runs at most one CPU-bound chunk per core and further chunks queue instead of oversubscribing the CPU.
/// Stateless workers activate on the caller's silo, so the job grain keys workers per silo and places each call on
/// that silo deliberately.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs one attempt of one chunk. A chunk may run far longer than the silo's response timeout
    /// (<c>Orleans:Failover:ResponseTimeout</c>): the call carries its own ceiling, and the worker itself stops an
    /// attempt at <c>Jobs:ChunkTimeout</c>, which is validated to be below this ceiling. It takes no
    /// <see cref="CancellationToken"/>: Orleans delivers a call's cancellation to the grain id, not to the stateless
    /// worker activation that runs or queues the chunk, so chunks are cancelled through
    /// <see cref="IChunkCancellationGrain"/> instead.
    /// </summary>
    [ResponseTimeout("01:00:00")]
    Task<ChunkOutcome> RunAsync(ChunkAssignment assignment);

    /// <summary>The operations registered on this silo.</summary>
    // Reads immutable registrations only.
    [ReadOnly]
    Task<IReadOnlyList<OperationInfo>> GetOperationsAsync();
}

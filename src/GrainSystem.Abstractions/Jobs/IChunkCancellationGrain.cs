using Orleans.Concurrency;

namespace GrainSystem.Abstractions.Jobs;

/// <summary>
/// Carries a job's cancellation to one silo (keyed per silo like the workers, and placed there the same way). A grain
/// type of its own rather than a method of the worker: a stateless worker whose activations are all running chunks
/// holds further messages until one is free, interleaving or not, so a cancel sent to the worker would wait for the
/// very chunks it must stop.
/// </summary>
public interface IChunkCancellationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Cancels every chunk of <paramref name="jobId"/> running on this silo (whichever worker activation runs it) and
    /// makes the silo refuse the job's chunks still in transit.
    /// </summary>
    // Only signals a silo-wide registry; never waits.
    [AlwaysInterleave]
    Task CancelJobAsync(string jobId);
}

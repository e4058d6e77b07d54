using System.Collections.Concurrent;
using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Tests.Jobs;

/// <summary>
/// A silo-side outgoing call filter that makes every worker call of chosen jobs fail as if the worker's silo had died
/// (<see cref="SiloUnavailableException"/>), without sending it: a chunk that is lost every time it is sent.
/// </summary>
public sealed class WorkerCallFaults : IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<string, int> LostCalls = new();

    /// <summary>Every chunk of job <paramref name="jobId"/> is lost from now on.</summary>
    public static void LoseEveryChunkOf(string jobId) => LostCalls[jobId] = 0;

    /// <summary>Worker calls of <paramref name="jobId"/> lost so far.</summary>
    public static int Lost(string jobId) => LostCalls.GetValueOrDefault(jobId);

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.Request.GetArgumentCount() == 1 && context.Request.GetArgument(0) is ChunkAssignment work
            && LostCalls.ContainsKey(work.JobId))
        {
            LostCalls.AddOrUpdate(work.JobId, 1, static (_, n) => n + 1);
            throw new SiloUnavailableException($"test: worker call of chunk {work.Chunk} lost");
        }

        return context.Invoke();
    }
}

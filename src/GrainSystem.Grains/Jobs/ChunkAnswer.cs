using GrainSystem.Abstractions.Jobs;

namespace GrainSystem.Grains.Jobs;

/// <summary>How one attempt of one chunk ended, as the dispatcher hands it to the job.</summary>
/// <param name="Chunk">Zero-based chunk index.</param>
/// <param name="Attempt">The attempt's number (1-based).</param>
/// <param name="Outcome">The worker's answer, or the failure of the call.</param>
/// <param name="Lost">The chunk was lost with its worker's silo: the attempt was given back.</param>
internal sealed record ChunkAnswer(int Chunk, int Attempt, ChunkOutcome Outcome, bool Lost);

using System.Text.Json;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary>Where a chunk comes from, and the job's arguments, as an operation sees them.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Chunk">Zero-based chunk index.</param>
/// <param name="Attempt">One-based attempt number of this run of the chunk.</param>
/// <param name="FirstItem">Index in the job of the chunk's first item.</param>
/// <param name="Args">The job's <c>args</c> object (an empty object when none was given).</param>
public sealed record ChunkContext(string JobId, int Chunk, int Attempt, int FirstItem, JsonElement Args);

namespace GrainSystem.Abstractions.Jobs;

/// <summary>One attempt of one chunk, as the job grain sends it to a worker.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Chunk">Zero-based chunk index.</param>
/// <param name="Attempt">One-based attempt number.</param>
/// <param name="FirstItem">Index (in the job) of the chunk's first item, for error messages.</param>
/// <param name="Operation">The operation's name.</param>
/// <param name="ArgsJson">The operation's arguments as JSON text.</param>
/// <param name="ItemsJson">The chunk's items as a JSON array text.</param>
[GenerateSerializer, Immutable]
public sealed record ChunkAssignment(
    [property: Id(0)] string JobId,
    [property: Id(1)] int Chunk,
    [property: Id(2)] int Attempt,
    [property: Id(3)] int FirstItem,
    [property: Id(4)] string Operation,
    [property: Id(5)] string ArgsJson,
    [property: Id(6)] string ItemsJson);

namespace GrainSystem.Abstractions.Jobs;

/// <summary>One failed attempt of one chunk.</summary>
/// <param name="Chunk">Zero-based chunk index.</param>
/// <param name="Attempt">One-based attempt number.</param>
/// <param name="Message">What went wrong, as the worker reported it.</param>
/// <param name="At">When the failure was recorded.</param>
/// <param name="Final">True when this error failed the job (attempts exhausted, or a permanent error such as an item of the wrong type).</param>
[GenerateSerializer, Immutable]
public sealed record ChunkError(
    [property: Id(0)] int Chunk,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Message,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] bool Final);

namespace GrainSystem.Testing;

/// <summary>One call to <see cref="InMemoryGrainStorage"/>, as its hooks see it to decide whether it is the one they want.</summary>
public sealed record GrainStorageCall(GrainStorageOperation Operation, string StateName, GrainId GrainId);

namespace GrainSystem.Client.Jobs;

/// <summary>A job was refused (unknown operation, a size out of bounds, or it could not be stored); nothing was stored.</summary>
public sealed class JobRejectedException(string field, string message, IReadOnlyList<string> knownOperations)
    : ArgumentException($"{field}: {message}", field)
{
    /// <summary>The registered operations, when the operation was unknown.</summary>
    public IReadOnlyList<string> KnownOperations { get; } = knownOperations;
}

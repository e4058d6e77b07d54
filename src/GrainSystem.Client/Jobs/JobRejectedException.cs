namespace GrainSystem.Client.Jobs;

/// <summary>A job spec was refused (unknown operation or a size out of bounds); nothing was stored.</summary>
public sealed class JobRejectedException(string field, string message, IReadOnlyList<string> knownOperations)
    : ArgumentException($"{field}: {message}", field)
{
    /// <summary>The registered operations, when the operation was unknown.</summary>
    public IReadOnlyList<string> KnownOperations { get; } = knownOperations;
}

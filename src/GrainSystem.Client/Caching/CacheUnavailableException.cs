namespace GrainSystem.Client.Caching;

/// <summary>The cache could not complete the operation now (write-through storage unreachable); retry later.</summary>
public sealed class CacheUnavailableException(string message) : Exception(message);

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>A RESP key as the cache takes it: its text, and the partition of its bytes (hash tag included).</summary>
internal readonly record struct CacheKey(string Text, int Partition);

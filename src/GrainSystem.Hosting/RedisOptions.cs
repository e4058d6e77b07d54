namespace GrainSystem.Hosting;

/// <summary>What a silo accepts of the Redis it stores in (section <c>Redis</c>).</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// Start even on a Redis that can lose acknowledged data (append-only file off, or an evicting
    /// <c>maxmemory-policy</c>): the operator accepts that fencing tokens, cache versions and stored state may then go
    /// back after a Redis restart or under memory pressure. Each start with such a Redis logs a warning.
    /// </summary>
    public bool AllowVolatile { get; set; }
}

namespace GrainSystem.Hosting;

/// <summary>
/// The Redis settings GrainSystem's promises rest on: every acknowledged write must survive a Redis restart (the
/// append-only file is on) and no key may be evicted under memory pressure (<c>maxmemory-policy noeviction</c>).
/// Without them a fencing token or a cache version can go back, and stored grants, jobs and events can vanish.
/// </summary>
public static class RedisDurability
{
    /// <summary>The one <c>maxmemory-policy</c> that never evicts a key.</summary>
    public const string NoEviction = "noeviction";

    /// <summary>
    /// What makes a Redis unsafe, one sentence per setting naming it, from the <c>aof_enabled</c> field of
    /// <c>INFO persistence</c> and the <c>maxmemory_policy</c> field of <c>INFO memory</c>; empty when it is safe.
    /// A field Redis did not report counts as unsafe: nothing says the data is kept.
    /// </summary>
    public static IReadOnlyList<string> RisksOf(string? aofEnabled, string? maxMemoryPolicy)
    {
        var risks = new List<string>();
        if (aofEnabled != "1")
        {
            risks.Add($"Redis runs with the append-only file off (appendonly no; INFO persistence aof_enabled:{aofEnabled ?? "absent"}): " +
                "writes acknowledged since its last snapshot are lost when it restarts. Set appendonly yes.");
        }

        if (!string.Equals(maxMemoryPolicy, NoEviction, StringComparison.Ordinal))
        {
            risks.Add($"Redis may evict keys under memory pressure (maxmemory-policy {maxMemoryPolicy ?? "absent"}): " +
                $"stored state can vanish. Set maxmemory-policy {NoEviction}.");
        }

        return risks;
    }
}

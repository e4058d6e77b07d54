using System.Diagnostics.Metrics;

namespace GrainSystem.Grains.Caching;

/// <summary>The cache's meter (<c>GrainSystem.Cache</c>): entries and bytes held by this silo, evictions, expirations, hits and misses.</summary>
public sealed class CacheMetrics
{
    public const string MeterName = "GrainSystem.Cache";

    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _evictions;
    private readonly Counter<long> _expirations;

    public CacheMetrics(IMeterFactory meters, CacheMemoryBudget budget)
    {
        var meter = Meter = meters.Create(MeterName);
        meter.CreateObservableGauge("grainsystem.cache.entries", () => budget.Entries, "{entry}", "Entries held in memory by this silo.");
        meter.CreateObservableGauge("grainsystem.cache.bytes", () => budget.Bytes, "By", "Bytes accounted to entries held by this silo.");
        _hits = meter.CreateCounter<long>("grainsystem.cache.hits", "{read}", "Reads that found an entry.");
        _misses = meter.CreateCounter<long>("grainsystem.cache.misses", "{read}", "Reads that found no entry.");
        _evictions = meter.CreateCounter<long>("grainsystem.cache.evictions", "{entry}", "Entries evicted to stay within Cache:MaxMemoryMB.");
        _expirations = meter.CreateCounter<long>("grainsystem.cache.expirations", "{entry}", "Entries removed because they expired.");
    }

    /// <summary>This silo's instance of the meter (every silo of a process has its own).</summary>
    internal Meter Meter { get; }

    public void Hit() => _hits.Add(1);

    public void Miss() => _misses.Add(1);

    public void Evicted(long count) => _evictions.Add(count);

    public void Expired(long count) => _expirations.Add(count);
}

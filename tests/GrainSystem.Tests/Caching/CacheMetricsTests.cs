using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Grains.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Tests.Caching;

[Collection(CacheClusterCollection.Name)]
public sealed class CacheMetricsTests(CacheClusterFixture fixture)
{
    [Fact]
    public async Task Hits_misses_expirations_entries_and_bytes_are_reported_on_the_cache_meter()
    {
        // Only this cluster's silos: every in-process cluster of the test run has its own meters of the same name.
        var meters = fixture.Cluster.Silos
            .Select(s => fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<CacheMetrics>().Meter)
            .ToHashSet();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (meters.Contains(instrument.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            totals.AddOrUpdate(instrument.Name, value, (_, old) => instrument is ObservableGauge<long> ? Math.Max(old, value) : old + value));
        listener.Start();

        var key = CacheTestKeys.Unique("metrics");
        var grain = fixture.GrainFor(key);
        await grain.Get(key);
        await grain.Set(key, CacheTestKeys.Text("m", new CacheExpiration { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMilliseconds(300) }));
        await grain.Get(key);

        await Poll.UntilAsync(() =>
        {
            listener.RecordObservableInstruments();
            return totals.GetValueOrDefault("grainsystem.cache.expirations") >= 1;
        }, TimeSpan.FromSeconds(20), "an expiration to be counted");
        // The tests of this cluster run one at a time: these reads are the only ones.
        Assert.Equal(1, totals.GetValueOrDefault("grainsystem.cache.hits"));
        Assert.Equal(1, totals.GetValueOrDefault("grainsystem.cache.misses"));
        Assert.True(totals.ContainsKey("grainsystem.cache.entries"));
        Assert.True(totals.ContainsKey("grainsystem.cache.bytes"));
    }
}

using System.Diagnostics;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Client.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>
/// Hot reads a client co-hosted with a write-through silo answers from the partition's memory (<see cref="ICacheLocalReads"/>)
/// follow the partition's ownership lease as the grain's own reads do.
/// </summary>
public sealed class CacheLocalReadsLeaseTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private CoHostedSilo _silo = null!;

    private ICacheClient Cache => _silo.Services.GetRequiredService<ICacheClient>();

    private ICacheLocalReads Local => _silo.Services.GetRequiredService<ICacheLocalReads>();

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _silo = await CoHostedSilo.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = _redis.ConnectionString });
    }

    public async Task DisposeAsync()
    {
        _redis.Resume();
        await _silo.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Once_the_lease_lapsed_unconfirmed_no_read_is_answered_in_place_and_once_confirmed_again_reads_are()
    {
        var key = $"local-lease-{Guid.NewGuid():N}";
        var partition = Cache.Partitioner.PartitionOf(key);
        Assert.Equal(CacheWriteStatus.Created, (await Cache.SetAsync(key, new CacheSetRequest { Value = [7] })).Status);
        // Served in place once the partition confirmed its lease (its first renewal may come late on a loaded machine).
        await Poll.UntilAsync(() => Task.FromResult(Local.TryRead(partition, key, out var hit) && hit.Value!.SequenceEqual(new byte[] { 7 })),
            TimeSpan.FromSeconds(30), "a read in place of what was written");

        // Redis stops answering: the partition cannot confirm that it still owns its keys, and its last confirmation was
        // sent before this moment, so a read begun a lease (2 s by default) later must not be answered from its memory.
        var lease = _silo.Services.GetRequiredService<IOptions<CacheOptions>>().Value.OwnershipLease;
        _redis.Pause();
        var paused = Stopwatch.StartNew();
        var late = new List<string>();
        try
        {
            await Poll.UntilAsync(() =>
            {
                var began = paused.Elapsed;
                var hit = Local.TryRead(partition, key, out _);
                if (hit && began > lease)
                {
                    late.Add($"a hit for a read begun {began.TotalMilliseconds:0} ms after Redis stopped");
                }

                return Task.FromResult(!hit && began > lease + TimeSpan.FromSeconds(1));
            }, TimeSpan.FromSeconds(20), "reads in place to stop after the lease", TimeSpan.FromMilliseconds(10));
        }
        finally
        {
            _redis.Resume();
        }

        Assert.Empty(late);

        // Confirmed again (a grain read renews a lapsed lease first), memory serves in place again.
        await Poll.UntilAsync(async () => (await Cache.GetAsync(key)).Status == CacheReadStatus.Hit && Local.TryRead(partition, key, out _),
            TimeSpan.FromSeconds(30), "the partition to confirm its lease and serve in place again");
    }
}

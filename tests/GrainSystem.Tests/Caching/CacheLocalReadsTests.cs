using System.Buffers.Binary;
using System.Collections.Concurrent;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Client.Caching;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Tests.Caching;

/// <summary>
/// Hot reads of a client co-hosted with an embedded silo, answered from the partition's memory without a grain call
/// (<see cref="ICacheLocalReads"/>): what they answer, what they leave to the grain, and that they never miss an
/// acknowledged write while writes race them.
/// </summary>
public sealed class CacheLocalReadsTests : IAsyncLifetime
{
    private CoHostedSilo _silo = null!;

    private ICacheClient Cache => _silo.Services.GetRequiredService<ICacheClient>();

    private ICacheLocalReads Local => _silo.Services.GetRequiredService<ICacheLocalReads>();

    private int PartitionOf(string key) => Cache.Partitioner.PartitionOf(key);

    public async Task InitializeAsync() => _silo = await CoHostedSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_hot_read_is_answered_from_the_partitions_memory_with_the_last_acknowledged_write()
    {
        var key = CacheTestKeys.Unique("local");
        Assert.False(Local.TryRead(PartitionOf(key), key, out _));

        var first = await Cache.SetAsync(key, new CacheSetRequest { Value = [1], ContentType = "text/plain" });
        Assert.True(Local.TryRead(PartitionOf(key), key, out var read));
        Assert.Equal((CacheReadStatus.Hit, "text/plain", first.Version), (read.Status, read.ContentType, read.Version));
        Assert.Equal([1], read.Value);

        var second = await Cache.SetAsync(key, new CacheSetRequest { Value = [2] });
        Assert.True(Local.TryRead(PartitionOf(key), key, out read));
        Assert.Equal(second.Version, read.Version);
        Assert.Equal([2], read.Value);

        // The client's own reads take that path: answered before anything is awaited, as no grain call could be.
        var viaClient = Cache.GetAsync(key);
        Assert.True(viaClient.IsCompletedSuccessfully, "a hot read of the co-hosted client waited");
        Assert.Equal(second.Version, (await viaClient).Version);

        Assert.Equal(CacheDeleteStatus.Deleted, (await Cache.DeleteAsync(key)).Status);
        Assert.False(Local.TryRead(PartitionOf(key), key, out _));
        Assert.Equal(CacheReadStatus.Miss, (await Cache.GetAsync(key)).Status);
    }

    [Fact]
    public async Task Sliding_and_expired_entries_are_left_to_the_grain()
    {
        var sliding = CacheTestKeys.Unique("local-sliding");
        await Cache.SetAsync(sliding, new CacheSetRequest { Value = [1], Expiration = new CacheExpiration { SlidingExpiration = TimeSpan.FromMinutes(5) } });
        Assert.False(Local.TryRead(PartitionOf(sliding), sliding, out _));
        Assert.Equal(CacheReadStatus.Hit, (await Cache.GetAsync(sliding)).Status);

        var expiring = CacheTestKeys.Unique("local-expiring");
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2);
        await Cache.SetAsync(expiring, new CacheSetRequest { Value = [1], Expiration = new CacheExpiration { AbsoluteExpiration = expiresAt } });
        Assert.True(Local.TryRead(PartitionOf(expiring), expiring, out var live));
        Assert.Equal(expiresAt.ToUnixTimeMilliseconds(), live.ExpiresAt!.Value.ToUnixTimeMilliseconds());

        await Poll.UntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow > expiresAt), TimeSpan.FromSeconds(10), "the entry's expiry");
        Assert.False(Local.TryRead(PartitionOf(expiring), expiring, out _));
        Assert.Equal(CacheReadStatus.Miss, (await Cache.GetAsync(expiring)).Status);
    }

    [Fact]
    public async Task Once_the_silo_stopped_no_read_reaches_its_memory()
    {
        var key = CacheTestKeys.Unique("local-stop");
        await Cache.SetAsync(key, new CacheSetRequest { Value = [1] });
        Assert.True(Local.TryRead(PartitionOf(key), key, out _));

        await _silo.StopAsync();
        Assert.False(Local.TryRead(PartitionOf(key), key, out _));
    }

    [Fact]
    public async Task Reads_racing_writes_never_miss_a_write_acknowledged_before_they_began_and_never_pair_a_value_with_another_version()
    {
        // Each writer owns one key and writes its sequence numbers in order; after each acknowledgement it records the
        // version the write got. A read that began after write n was acknowledged must see n or later, with n's version.
        const int Keys = 8;
        var keys = Enumerable.Range(0, Keys).Select(i => CacheTestKeys.Unique($"local-race-{i}")).ToArray();
        var acknowledged = new long[Keys];
        var versions = keys.Select(_ => new ConcurrentDictionary<long, long>()).ToArray();
        var reads = new ConcurrentBag<(int Key, long Floor, long Sequence, long Version)>();
        var local = 0L;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var writers = Enumerable.Range(0, Keys).Select(k => Task.Run(async () =>
        {
            for (var sequence = 1L; !stop.IsCancellationRequested; sequence++)
            {
                var value = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(value, sequence);
                var written = await Cache.SetAsync(keys[k], new CacheSetRequest { Value = value });
                versions[k][sequence] = written.Version;
                Volatile.Write(ref acknowledged[k], sequence);
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            for (var i = r; !stop.IsCancellationRequested; i++)
            {
                if (i % 64 == 0)
                {
                    // Readers that never wait would starve the writers' turns on a small machine.
                    await Task.Yield();
                }

                var k = i % Keys;
                var floor = Volatile.Read(ref acknowledged[k]);
                CacheReadResult read;
                if (Local.TryRead(PartitionOf(keys[k]), keys[k], out var hit))
                {
                    Interlocked.Increment(ref local);
                    read = hit;
                }
                else
                {
                    read = await Cache.GetAsync(keys[k]);
                }

                if (read.Status == CacheReadStatus.Hit)
                {
                    reads.Add((k, floor, BinaryPrimitives.ReadInt64LittleEndian(read.Value), read.Version));
                }
                else
                {
                    Assert.Equal(0, floor);
                }
            }
        }));
        await Task.WhenAll(writers.Concat(readers));

        Assert.True(local > 1_000, $"only {local} reads were answered in place");
        var stale = reads.Where(r => r.Sequence < r.Floor).Take(5).ToList();
        Assert.True(stale.Count == 0, $"reads older than an acknowledged write: {string.Join(", ", stale)}");
        var mismatched = reads.Where(r => versions[r.Key].TryGetValue(r.Sequence, out var version) && version != r.Version).Take(5).ToList();
        Assert.True(mismatched.Count == 0, $"values paired with another write's version: {string.Join(", ", mismatched)}");
    }

    [Fact]
    public async Task A_batch_is_seen_whole_by_reads_in_place_never_half_applied()
    {
        // Two keys of one partition, written together by every batch: a read of one that sees batch n followed by a read of
        // the other must see n or later, whichever order the batch applies them in.
        var a = CacheTestKeys.Unique("local-batch-a");
        var b = Enumerable.Range(0, 100_000).Select(i => $"local-batch-b:{i}:{a}").First(k => PartitionOf(k) == PartitionOf(a));
        var partition = PartitionOf(a);
        var torn = new ConcurrentBag<string>();
        var pairs = 0L;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var writer = Task.Run(async () =>
        {
            for (var n = 1L; !stop.IsCancellationRequested; n++)
            {
                var value = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(value, n);
                var result = await Cache.ExecuteAsync(new CacheBatch { Operations = [CacheOperation.Set(a, value), CacheOperation.Set(b, value)] });
                Assert.Equal(CacheBatchStatus.Executed, result.Status);
            }
        });
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
        {
            var (first, second) = r == 0 ? (a, b) : (b, a);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                if (i % 64 == 0)
                {
                    await Task.Yield();
                }

                if (Local.TryRead(partition, first, out var one) && Local.TryRead(partition, second, out var other))
                {
                    Interlocked.Increment(ref pairs);
                    var (seen, then) = (BinaryPrimitives.ReadInt64LittleEndian(one.Value), BinaryPrimitives.ReadInt64LittleEndian(other.Value));
                    if (then < seen)
                    {
                        torn.Add($"{first}={seen} then {second}={then}");
                    }
                }
            }
        }));
        await Task.WhenAll(readers.Append(writer));

        Assert.True(pairs > 1_000, $"only {pairs} pairs were read in place");
        Assert.True(torn.IsEmpty, $"half-applied batches seen: {string.Join(", ", torn.Take(5))}");
    }
}

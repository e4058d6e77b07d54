using System.Diagnostics.Metrics;
using System.Text;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Grains.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GrainSystem.Tests.Caching;

/// <summary>Parts of a partition tested without a cluster: its entry store, packed entries, and how it judges Redis failures.</summary>
public sealed class CacheEntryTests
{
    [Fact]
    public void A_put_after_the_store_was_cleared_adds_no_bytes_to_the_silo_budget()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var budget = new CacheMemoryBudget(Options.Create(new CacheOptions()));
        var store = new CacheEntryStore(budget, new CacheMetrics(services.GetRequiredService<IMeterFactory>(), budget));
        store.Put("a", CacheEntry.Create("1"u8, "text/plain", 1, 0, 0, 0));
        store.Clear();
        Assert.Equal(0, budget.Bytes);

        // A Redis continuation that finishes after the activation's deactivation.
        store.Put("b", CacheEntry.Create("2"u8, "text/plain", 2, 0, 0, 0));

        Assert.Equal(0, budget.Bytes);
        Assert.Equal(0, budget.Entries);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Content_types_past_the_silos_table_are_kept_in_the_entry_itself()
    {
        // Fill the process-wide table (types this test made up, so no other test depends on their ids).
        for (var i = 0; i < ContentTypes.Capacity; i++)
        {
            ContentTypes.TryIntern($"application/x-fill-{i}", out _);
        }

        var type = $"application/x-uncommon-{Guid.NewGuid():N}";
        Assert.False(ContentTypes.TryIntern(type, out _));
        var entry = CacheEntry.Create("value"u8, type, 7, 0, 0, 0);

        Assert.Equal(type, entry.ContentType);
        Assert.Equal("value", Encoding.UTF8.GetString(entry.Value));
        Assert.Equal(7, entry.Version);
        Assert.Equal("application/x-fill-1", CacheEntry.Create("v"u8, "application/x-fill-1", 1, 0, 0, 0).ContentType);
    }

    [Fact]
    public void Only_an_error_reply_from_redis_proves_a_write_was_not_applied()
    {
        Assert.Equal(CacheWriteOutcome.Refused, CacheWriteBatcher.OutcomeOf(new RedisServerException("OOM command not allowed when used memory > 'maxmemory'.")));
        Assert.Equal(CacheWriteOutcome.Unknown, CacheWriteBatcher.OutcomeOf(new RedisConnectionException(ConnectionFailureType.SocketClosed, "connection lost after the write was sent")));
        Assert.Equal(CacheWriteOutcome.Unknown, CacheWriteBatcher.OutcomeOf(new RedisTimeoutException("timeout", CommandStatus.Sent)));
        Assert.Equal(CacheWriteOutcome.Unknown, CacheWriteBatcher.OutcomeOf(new TimeoutException()));
    }
}

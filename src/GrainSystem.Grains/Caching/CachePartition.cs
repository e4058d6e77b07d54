using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Logging;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// What one activation of a partition holds, shared by its read and write paths: its entries, fill leases, version counter
/// and per-key lanes, and how a decided change is applied to memory. Used only on the activation's turns, but for the hot reads
/// of a co-hosted client, which go through the store's lock (<see cref="CacheLocalReads"/>).
/// </summary>
internal sealed partial class CachePartition(int number, CacheEntryStore store, CacheVersionCounter versions, CacheOptions options,
    CacheMetrics metrics, TimeProvider time, ILogger logger)
{
    public int Number { get; } = number;

    public CacheEntryStore Store { get; } = store;

    public CacheVersionCounter Versions { get; } = versions;

    public KeyLanes Lanes { get; } = new();

    public FillLeases Fills { get; } = new();

    /// <summary>The idempotency records of applied increments this activation knows (<see cref="CacheIncrementRecord"/>).</summary>
    public CacheIncrementRecords Records { get; } = new();

    /// <summary>Until when a record made now is kept (Unix ms).</summary>
    public long RecordExpiresAtMs(long nowMs) => nowMs + (long)Options.IdempotencyRetention.TotalMilliseconds;

    public CacheOptions Options { get; } = options;

    public CacheMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = logger;

    public long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Applies a decided change: stores <paramref name="entry"/> (a write ends the key's fill lease) or, for a null buffer, removes the key.</summary>
    public void Apply(string key, CacheEntry entry)
    {
        if (entry.Buffer is null)
        {
            Store.Remove(key);
            return;
        }

        Store.Put(key, entry);
        Store.EvictWhileOverBudget(key);
        Fills.Filled(key);
    }

    /// <summary>The next version, or null when its block could not be reserved in grain storage (logged).</summary>
    public async ValueTask<long?> NextVersionAsync()
    {
        try
        {
            return await Versions.NextAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The only thing that can fail here is the storage write of the reservation.
            LogReservationFailure(Logger, Number, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    /// <summary>Moves the version counter above <paramref name="seen"/>; false when grain storage failed (logged).</summary>
    public async ValueTask<bool> SkipPastAsync(long seen)
    {
        try
        {
            await Versions.SkipPastAsync(seen);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReservationFailure(Logger, Number, ex.GetType().Name, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Waits until the version block holds <paramref name="count"/> versions; false when grain storage failed (logged). The
    /// caller takes them in the turn this returns on: interleaved turns may take versions while this one waits.
    /// </summary>
    public async ValueTask<bool> ReserveForAsync(int count)
    {
        while (Versions.Available < count)
        {
            try
            {
                await Versions.EnsureAvailableAsync(count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReservationFailure(Logger, Number, ex.GetType().Name, ex.Message);
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache partition {Partition}: reserving versions in grain storage failed ({ExceptionType}: {Reason}); answering unavailable")]
    private static partial void LogReservationFailure(ILogger logger, int partition, string exceptionType, string reason);
}

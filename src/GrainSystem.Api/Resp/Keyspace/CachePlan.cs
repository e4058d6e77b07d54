using System.Text;
using System.Text.Unicode;
using GrainSystem.Abstractions.Caching;
using GrainSystem.Api.Resp.Protocol;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>
/// Cache operations of one or more planned commands, each with its key's partition, in the order planned; and the
/// reply the command being planned sets. Reused by its connection: <see cref="Clear"/> empties it.
/// </summary>
internal sealed class CachePlan(CachePartitioner partitioner)
{
    private readonly List<CacheOperation> _operations = [];
    private readonly List<int> _partitions = [];

    public int Count => _operations.Count;

    public CacheOperation this[int index] => _operations[index];

    public int Partitions => partitioner.Partitions;

    /// <summary>Set by the planner of the command being planned.</summary>
    public CacheReply? Reply { get; set; }

    public int PartitionOf(int index) => _partitions[index];

    /// <summary>
    /// Argument <paramref name="index"/> as a key: 1 to 512 bytes of UTF-8 (the cache's keys are text, shared with HTTP).
    /// Returns null, or the error reply.
    /// </summary>
    public string? Key(RespCommand command, int index, out CacheKey key)
    {
        var bytes = command[index];
        if (bytes.IsEmpty || bytes.Length > CacheOptions.MaxKeyBytes || !Utf8.IsValid(bytes))
        {
            key = default;
            return $"ERR invalid key: keys are 1 to {CacheOptions.MaxKeyBytes} bytes of UTF-8";
        }

        key = new CacheKey(Encoding.UTF8.GetString(bytes), CachePartitioner.PartitionOf(bytes, partitioner.Partitions));
        return null;
    }

    public void Add(CacheOperation operation, int partition)
    {
        _operations.Add(operation);
        _partitions.Add(partition);
    }

    /// <summary>Plans a command of one operation: adds it and sets the reply; null, so a planner can end with it.</summary>
    public string? Single(CacheOperation operation, CacheKey key, CacheReply reply)
    {
        Add(operation, key.Partition);
        Reply = reply;
        return null;
    }

    /// <summary>Whether the operations from <paramref name="from"/> on share one partition.</summary>
    public bool InOnePartition(int from)
    {
        for (var i = from + 1; i < _partitions.Count; i++)
        {
            if (_partitions[i] != _partitions[from])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Drops the operations from <paramref name="count"/> on (a command whose planning failed).</summary>
    public void Truncate(int count)
    {
        _operations.RemoveRange(count, _operations.Count - count);
        _partitions.RemoveRange(count, _partitions.Count - count);
    }

    public void Clear()
    {
        Truncate(0);
        Reply = null;
    }
}

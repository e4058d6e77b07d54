using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace GrainSystem.Abstractions.Caching;

/// <summary>
/// Maps a cache key to its partition: XxHash3 of the key's UTF-8 bytes modulo the partition count. The API,
/// the .NET client and the silo all use this one function, so a key lands in the same partition in every
/// process (unlike <see cref="string.GetHashCode()"/>, which is randomised per process).
/// A key with a hash tag is hashed by its tag alone, as in Redis Cluster: when the key holds a <c>{</c> followed later
/// by a <c>}</c> with at least one byte between them, only the bytes between the first <c>{</c> and the first <c>}</c>
/// after it count, so <c>{user:42}:name</c> and <c>{user:42}:mail</c> share a partition. Keys without such a tag
/// (including <c>{}</c>) are hashed whole.
/// </summary>
public sealed class CachePartitioner
{
    /// <summary>A partitioner over <paramref name="partitions"/> partitions.</summary>
    public CachePartitioner(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Partitions = partitions;
    }

    /// <summary>The number of partitions of the key space (<c>Cache:Partitions</c>).</summary>
    public int Partitions { get; }

    /// <summary>The partition of <paramref name="key"/>.</summary>
    public int PartitionOf(string key) => PartitionOf(key, Partitions);

    /// <summary>The partition of <paramref name="key"/> among <paramref name="partitions"/> partitions.</summary>
    public static int PartitionOf(string key, int partitions)
    {
        ArgumentNullException.ThrowIfNull(key);
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var buffer = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(key, buffer);
            return PartitionOf(buffer[..written], partitions);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The partition of the key whose UTF-8 bytes are <paramref name="utf8Key"/> among <paramref name="partitions"/> partitions.</summary>
    public static int PartitionOf(ReadOnlySpan<byte> utf8Key, int partitions) =>
        (int)(XxHash3.HashToUInt64(HashedPart(utf8Key)) % (ulong)partitions);

    /// <summary>The bytes that decide a key's partition: its hash tag when it has one, else the whole key.</summary>
    public static ReadOnlySpan<byte> HashedPart(ReadOnlySpan<byte> utf8Key)
    {
        // '{' and '}' are single UTF-8 bytes that never occur inside the encoding of another character.
        var open = utf8Key.IndexOf((byte)'{');
        if (open < 0)
        {
            return utf8Key;
        }

        var close = utf8Key[(open + 1)..].IndexOf((byte)'}');
        return close > 0 ? utf8Key.Slice(open + 1, close) : utf8Key;
    }
}

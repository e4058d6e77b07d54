using System.Buffers.Binary;
using System.Text;
using StackExchange.Redis;

namespace GrainSystem.IntegrationTests.Caching;

/// <summary>
/// What Redis holds for a cache key, decoded (and, for tests that plant entries, encoded) independently of the silo's code:
/// format 1 (1 byte) · flags, bit 0 = sliding window (1) · version (8) · absolute expiry, Unix ms or 0 (8) · sliding window
/// ms (4) · content-type length, 0 = application/octet-stream (2) · content type · value; integers little-endian.
/// </summary>
public sealed record StoredEntry(long Version, long AbsoluteMs, uint SlidingMs, string ContentType, byte[] Value)
{
    public const string DefaultType = "application/octet-stream";

    public string Text => Encoding.UTF8.GetString(Value);

    public static StoredEntry Parse(byte[] stored)
    {
        Assert.True(stored.Length >= 24 && stored[0] == 1, "a cache entry of layout 1");
        var typeLength = BinaryPrimitives.ReadUInt16LittleEndian(stored.AsSpan(22));
        var type = typeLength == 0 ? DefaultType : Encoding.UTF8.GetString(stored, 24, typeLength);
        var entry = new StoredEntry(BinaryPrimitives.ReadInt64LittleEndian(stored.AsSpan(2)), BinaryPrimitives.ReadInt64LittleEndian(stored.AsSpan(10)),
            BinaryPrimitives.ReadUInt32LittleEndian(stored.AsSpan(18)), type, stored[(24 + typeLength)..]);
        Assert.Equal(entry.SlidingMs != 0 ? 1 : 0, stored[1]);
        return entry;
    }

    public byte[] Encode()
    {
        var type = ContentType == DefaultType ? [] : Encoding.UTF8.GetBytes(ContentType);
        var stored = new byte[24 + type.Length + Value.Length];
        stored[0] = 1;
        stored[1] = SlidingMs != 0 ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(stored.AsSpan(2), Version);
        BinaryPrimitives.WriteInt64LittleEndian(stored.AsSpan(10), AbsoluteMs);
        BinaryPrimitives.WriteUInt32LittleEndian(stored.AsSpan(18), SlidingMs);
        BinaryPrimitives.WriteUInt16LittleEndian(stored.AsSpan(22), (ushort)type.Length);
        type.CopyTo(stored, 24);
        Value.CopyTo(stored, 24 + type.Length);
        return stored;
    }

    public static StoredEntry Of(string text, long version, string contentType = "text/plain", uint slidingMs = 0) =>
        new(version, 0, slidingMs, contentType, Encoding.UTF8.GetBytes(text));

    /// <summary>The entry Redis holds at <paramref name="redisKey"/>, or null.</summary>
    public static async Task<StoredEntry?> ReadAsync(IDatabase database, RedisKey redisKey) =>
        await database.StringGetAsync(redisKey) is { HasValue: true } value ? Parse((byte[])value!) : null;
}

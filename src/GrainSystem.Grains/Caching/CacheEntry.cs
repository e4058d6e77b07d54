using System.Buffers.Binary;
using System.Text;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// One cache entry packed into a single array: a 40-byte header followed by the value bytes. One object per
/// entry (besides the key string) keeps the per-key overhead to one array header; the value bytes are never
/// changed in place (a write replaces the array), only the header's access fields are.
/// Header: version (8) · absolute expiry, Unix ms or 0 (8) · last touch, Unix ms (8) · sliding deadline last
/// pushed to Redis, Unix ms or 0 (8) · sliding window ms or 0 (4) · content-type id (2) · inline content-type
/// length (2). A type the silo's table has no room for (<see cref="ContentTypes.Inline"/>) follows the value as UTF-8.
/// </summary>
internal readonly struct CacheEntry(byte[] buffer)
{
    public const int HeaderSize = 40;

    public byte[] Buffer { get; } = buffer;

    public static CacheEntry Create(ReadOnlySpan<byte> value, string contentType, long version, long absoluteMs, uint slidingMs, long nowMs)
    {
        var interned = ContentTypes.TryIntern(contentType, out var typeId);
        var inlineLength = interned ? 0 : Encoding.UTF8.GetByteCount(contentType);
        var entry = new CacheEntry(new byte[HeaderSize + value.Length + inlineLength]);
        value.CopyTo(entry.Buffer.AsSpan(HeaderSize));
        if (!interned)
        {
            typeId = ContentTypes.Inline;
            Encoding.UTF8.GetBytes(contentType, entry.Buffer.AsSpan(HeaderSize + value.Length));
            BinaryPrimitives.WriteUInt16LittleEndian(entry.Buffer.AsSpan(38), checked((ushort)inlineLength));
        }

        BinaryPrimitives.WriteInt64LittleEndian(entry.Buffer.AsSpan(0), version);
        BinaryPrimitives.WriteInt64LittleEndian(entry.Buffer.AsSpan(8), absoluteMs);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.Buffer.AsSpan(32), slidingMs);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.Buffer.AsSpan(36), typeId);
        entry.LastTouchMs = nowMs;
        return entry;
    }

    public long Version => BinaryPrimitives.ReadInt64LittleEndian(Buffer.AsSpan(0));

    public long AbsoluteMs => BinaryPrimitives.ReadInt64LittleEndian(Buffer.AsSpan(8));

    public long LastTouchMs
    {
        get => BinaryPrimitives.ReadInt64LittleEndian(Buffer.AsSpan(16));
        set => BinaryPrimitives.WriteInt64LittleEndian(Buffer.AsSpan(16), value);
    }

    public long PushedDeadlineMs
    {
        get => BinaryPrimitives.ReadInt64LittleEndian(Buffer.AsSpan(24));
        set => BinaryPrimitives.WriteInt64LittleEndian(Buffer.AsSpan(24), value);
    }

    public uint SlidingMs => BinaryPrimitives.ReadUInt32LittleEndian(Buffer.AsSpan(32));

    public string ContentType
    {
        get
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(Buffer.AsSpan(36));
            return id == ContentTypes.Inline ? Encoding.UTF8.GetString(Buffer.AsSpan(Buffer.Length - InlineLength)) : ContentTypes.Get(id);
        }
    }

    public ReadOnlySpan<byte> Value => Buffer.AsSpan(HeaderSize, Buffer.Length - HeaderSize - InlineLength);

    private int InlineLength => BinaryPrimitives.ReadUInt16LittleEndian(Buffer.AsSpan(38));

    /// <summary>When the entry expires if not read again: the earlier of its absolute expiry and its sliding deadline; 0 = never.</summary>
    public long DeadlineMs
    {
        get
        {
            var absolute = AbsoluteMs;
            var sliding = SlidingMs;
            if (sliding == 0)
            {
                return absolute;
            }

            var slidingDeadline = LastTouchMs + sliding;
            return absolute == 0 ? slidingDeadline : Math.Min(absolute, slidingDeadline);
        }
    }

    public bool IsExpired(long nowMs)
    {
        var deadline = DeadlineMs;
        return deadline != 0 && deadline <= nowMs;
    }

    /// <summary>Bytes accounted against the silo budget: key, packed array and a fixed overhead for the dictionary slot.</summary>
    public static long SizeOf(string key, byte[] buffer) => 64 + 2L * key.Length + buffer.Length;
}

using System.Buffers.Binary;
using System.Text;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// One cache entry packed into a single array, whose first part is exactly what Redis stores for the key (one string per
/// key), so a write sends a slice of the entry itself and a read-back adopts Redis's bytes with one copy.
/// Stored part: format 1 (1) · flags, bit 0 = sliding window (1) · version (8) · absolute expiry, Unix ms or 0 (8) · sliding
/// window ms or 0 (4) · content-type length, 0 = application/octet-stream (2) · content type (UTF-8) · value. All
/// integers little-endian.
/// Memory trailer: last touch, Unix ms (8) · sliding deadline last pushed to Redis, Unix ms or 0 (8) · the content type's
/// id in this process's table, or <see cref="ContentTypes.Inline"/> (2).
/// One object per entry (besides the key string) keeps the per-key overhead to one array header; the stored part never
/// changes once the entry exists (a write makes a new array), only the trailer does.
/// </summary>
internal readonly struct CacheEntry(byte[] buffer)
{
    public const int HeaderSize = 24;
    public const int TrailerSize = 18;
    public const byte Format = 1;

    private const byte SlidingFlag = 1;

    public byte[] Buffer { get; } = buffer;

    public static CacheEntry Create(ReadOnlySpan<byte> value, string contentType, long version, long absoluteMs, uint slidingMs, long nowMs)
    {
        var typeLength = contentType == ContentTypes.Default ? 0 : Encoding.UTF8.GetByteCount(contentType);
        var buffer = new byte[HeaderSize + typeLength + value.Length + TrailerSize];
        buffer[0] = Format;
        buffer[1] = slidingMs == 0 ? (byte)0 : SlidingFlag;
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(2), version);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(10), absoluteMs);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(18), slidingMs);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(22), checked((ushort)typeLength));
        Encoding.UTF8.GetBytes(contentType.AsSpan(0, typeLength == 0 ? 0 : contentType.Length), buffer.AsSpan(HeaderSize));
        value.CopyTo(buffer.AsSpan(HeaderSize + typeLength));
        var entry = new CacheEntry(buffer);
        entry.Intern(contentType);
        entry.LastTouchMs = nowMs;
        return entry;
    }

    /// <summary>
    /// An entry from the bytes Redis stores for a key; false when they are not in this layout (a value written by something
    /// else), which the caller reports instead of guessing.
    /// </summary>
    public static bool TryFromStored(ReadOnlySpan<byte> stored, long nowMs, out CacheEntry entry)
    {
        entry = default;
        if (stored.Length < HeaderSize || stored[0] != Format || (stored[1] & ~SlidingFlag) != 0
            || BinaryPrimitives.ReadUInt16LittleEndian(stored[22..]) > stored.Length - HeaderSize)
        {
            return false;
        }

        var buffer = new byte[stored.Length + TrailerSize];
        stored.CopyTo(buffer);
        entry = new CacheEntry(buffer);
        if (entry.Version <= 0 || (entry.SlidingMs == 0) == ((stored[1] & SlidingFlag) != 0))
        {
            entry = default;
            return false;
        }

        entry.Intern(entry.StoredContentType);
        entry.LastTouchMs = nowMs;
        return true;
    }

    /// <summary>What Redis stores for the key: the entry without its memory trailer.</summary>
    public ReadOnlyMemory<byte> Stored => Buffer.AsMemory(0, Buffer.Length - TrailerSize);

    public long Version => BinaryPrimitives.ReadInt64LittleEndian(Buffer.AsSpan(2));

    public long AbsoluteMs => BinaryPrimitives.ReadInt64LittleEndian(Buffer.AsSpan(10));

    public uint SlidingMs => BinaryPrimitives.ReadUInt32LittleEndian(Buffer.AsSpan(18));

    private int TypeLength => BinaryPrimitives.ReadUInt16LittleEndian(Buffer.AsSpan(22));

    public long LastTouchMs
    {
        get => BinaryPrimitives.ReadInt64LittleEndian(Buffer.AsSpan(Buffer.Length - TrailerSize));
        set => BinaryPrimitives.WriteInt64LittleEndian(Buffer.AsSpan(Buffer.Length - TrailerSize), value);
    }

    public long PushedDeadlineMs
    {
        get => BinaryPrimitives.ReadInt64LittleEndian(Buffer.AsSpan(Buffer.Length - TrailerSize + 8));
        set => BinaryPrimitives.WriteInt64LittleEndian(Buffer.AsSpan(Buffer.Length - TrailerSize + 8), value);
    }

    public string ContentType
    {
        get
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(Buffer.AsSpan(Buffer.Length - 2));
            return id == ContentTypes.Inline ? StoredContentType : ContentTypes.Get(id);
        }
    }

    public ReadOnlySpan<byte> Value => Buffer.AsSpan(HeaderSize + TypeLength, Buffer.Length - HeaderSize - TypeLength - TrailerSize);

    private string StoredContentType => TypeLength == 0 ? ContentTypes.Default : Encoding.UTF8.GetString(Buffer.AsSpan(HeaderSize, TypeLength));

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

    private void Intern(string contentType)
    {
        var id = ContentTypes.TryIntern(contentType, out var interned) ? interned : ContentTypes.Inline;
        BinaryPrimitives.WriteUInt16LittleEndian(Buffer.AsSpan(Buffer.Length - 2), id);
    }
}

using System.Collections.Concurrent;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// Interned content types: an entry stores a 2-byte id instead of a string. Ids are per process (never stored
/// in Redis). Past <see cref="Capacity"/> distinct types no id is given: the entry then keeps its type inline
/// (<see cref="CacheEntry"/>), so no type is ever lost, only the saving.
/// </summary>
internal static class ContentTypes
{
    public const string Default = "application/octet-stream";

    /// <summary>The id of an entry whose type is stored in the entry itself.</summary>
    public const ushort Inline = ushort.MaxValue;

    public const int Capacity = ushort.MaxValue;

    private static readonly ConcurrentDictionary<string, ushort> Ids = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    // Read without a lock on every read of an entry: a slot is written before its id is published, and a grown
    // array is published before the new id, so any id a reader holds indexes a filled slot.
    private static string[] _names = CreateNames();
    private static int _count = 1;

    public static bool TryIntern(string contentType, out ushort id)
    {
        // The type of most binary values, without a dictionary lookup.
        if (ReferenceEquals(contentType, Default))
        {
            id = 0;
            return true;
        }

        if (Ids.TryGetValue(contentType, out id))
        {
            return true;
        }

        lock (Gate)
        {
            if (Ids.TryGetValue(contentType, out id))
            {
                return true;
            }

            if (_count >= Capacity)
            {
                return false;
            }

            var names = _names;
            if (_count == names.Length)
            {
                Array.Resize(ref names, Math.Min(names.Length * 2, Capacity));
            }

            names[_count] = contentType;
            Volatile.Write(ref _names, names);
            id = (ushort)_count++;
            Ids[contentType] = id;
            return true;
        }
    }

    public static string Get(ushort id) => Volatile.Read(ref _names)[id];

    private static string[] CreateNames()
    {
        var names = new string[64];
        names[0] = Default;
        return names;
    }
}

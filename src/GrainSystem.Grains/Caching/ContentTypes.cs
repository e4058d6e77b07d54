using System.Collections.Concurrent;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// Interned content types: an entry stores a 2-byte id instead of a string. Ids are per process (never stored
/// in Redis). When the table is full, further types are kept as "application/octet-stream"; 65,535 distinct
/// types in one silo means a client is sending garbage.
/// </summary>
internal static class ContentTypes
{
    public const string Default = "application/octet-stream";

    private static readonly ConcurrentDictionary<string, ushort> Ids = new(StringComparer.Ordinal);
    private static readonly List<string> Names = [Default];
    private static readonly Lock Gate = new();

    public static ushort Intern(string contentType)
    {
        if (Ids.TryGetValue(contentType, out var id))
        {
            return id;
        }

        lock (Gate)
        {
            if (Ids.TryGetValue(contentType, out id))
            {
                return id;
            }

            if (Names.Count >= ushort.MaxValue)
            {
                return 0;
            }

            id = (ushort)Names.Count;
            Names.Add(contentType);
            Ids[contentType] = id;
            return id;
        }
    }

    public static string Get(ushort id)
    {
        lock (Gate)
        {
            return id < Names.Count ? Names[id] : Default;
        }
    }
}

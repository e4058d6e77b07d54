using System.IO.Hashing;

namespace GrainSystem.Api.Resp.PubSub;

/// <summary>Byte arrays compared by content (channel names and patterns as dictionary keys).</summary>
internal sealed class BytesComparer : IEqualityComparer<byte[]>
{
    public static readonly BytesComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => (int)XxHash3.HashToUInt64(obj);
}

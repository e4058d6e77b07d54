using System.Buffers;

namespace GrainSystem.Api.Resp.Protocol;

/// <summary>
/// Scratch memory of one connection for argument bytes that cannot point into the input buffer: arguments that
/// spanned two buffer segments, and unescaped inline arguments. Memory comes from pooled chunks and is handed
/// back all at once by <see cref="Reset"/> when no parsed command refers to it any more.
/// </summary>
internal sealed class RespArena : IDisposable
{
    private const int ChunkBytes = 16 * 1024;

    private readonly List<byte[]> _chunks = [];
    private int _used = ChunkBytes; // no current chunk yet

    /// <summary>A copy of <paramref name="source"/> in the arena.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySequence<byte> source)
    {
        var memory = Allocate((int)source.Length);
        source.CopyTo(memory.Span);
        return memory;
    }

    /// <summary>A copy of <paramref name="source"/> in the arena.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> source)
    {
        var memory = Allocate(source.Length);
        source.CopyTo(memory.Span);
        return memory;
    }

    public Memory<byte> Allocate(int length)
    {
        if (length == 0)
        {
            return Memory<byte>.Empty;
        }

        if (length > ChunkBytes / 4)
        {
            // Large arguments get a rented array of their own, so a chunk is never wasted on one.
            var own = ArrayPool<byte>.Shared.Rent(length);
            _chunks.Insert(0, own);
            return own.AsMemory(0, length);
        }

        if (_used + length > ChunkBytes)
        {
            _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkBytes));
            _used = 0;
        }

        var memory = _chunks[^1].AsMemory(_used, length);
        _used += length;
        return memory;
    }

    /// <summary>Gives every chunk back to the pool; memory handed out before is no longer valid.</summary>
    public void Reset()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
        _used = ChunkBytes;
    }

    public void Dispose() => Reset();
}

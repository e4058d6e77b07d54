using System.Net;
using GrainSystem.Api.Tests.Http;

namespace GrainSystem.Api.Tests.Caching;

/// <summary>Bodies sent without a declared length (chunked): stored byte for byte up to the limit, 413 past it.</summary>
public sealed class CacheBodyTests(CacheApiFactory factory) : IClassFixture<CacheApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task A_chunked_body_is_stored_byte_for_byte_up_to_the_limit_and_refused_one_byte_past_it()
    {
        var key = $"chunked-{Guid.NewGuid():N}";
        var value = Enumerable.Range(0, CacheApiFactory.MaxValueBytes).Select(i => (byte)(i * 31 + 7)).ToArray();

        var stored = await _http.PutAsync($"/cache/{key}", new UndeclaredLengthContent(value, 1000));
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(value, await _http.GetByteArrayAsync($"/cache/{key}"));

        var tooLarge = await _http.PutAsync($"/cache/{key}", new UndeclaredLengthContent(new byte[CacheApiFactory.MaxValueBytes + 1], 1000));
        await ProblemDetailsAssert.IsProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(value, await _http.GetByteArrayAsync($"/cache/{key}"));

        var empty = await _http.PutAsync($"/cache/{key}", new UndeclaredLengthContent([], 1000));
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Empty(await _http.GetByteArrayAsync($"/cache/{key}"));
    }

    /// <summary>A body of unknown length, written in pieces of <paramref name="piece"/> bytes.</summary>
    private sealed class UndeclaredLengthContent(byte[] bytes, int piece) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var at = 0; at < bytes.Length; at += piece)
            {
                await stream.WriteAsync(bytes.AsMemory(at, Math.Min(piece, bytes.Length - at)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;

namespace GrainSystem.Benchmarks.Caching;

/// <summary>
/// The load generator of the HTTP rows of <c>cache</c>, one per server measured: an HttpClient on HTTP/1.1 over loopback with
/// as many pooled connections as concurrent callers (one request in flight on each), whose <c>PUT</c> and <c>GET</c> of
/// <c>/cache/{key}</c> tell whether the server answered as it should, and tally what else it answered.
/// </summary>
internal sealed class HttpCacheClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, long> _failures = new();

    public HttpCacheClient(Uri address, int concurrency) => _http = new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = address,
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = RequestTimeout,
    };

    /// <summary>Requests that failed so far (all passes), by what happened: <c>PUT 503</c>, <c>GET wrong body</c>, …</summary>
    public IReadOnlyDictionary<string, long> Failures => _failures;

    /// <summary>Stores <paramref name="value"/> as an octet stream; true for a 2xx answer.</summary>
    public async ValueTask<bool> PutAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(value);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        try
        {
            using var response = await _http.PutAsync("cache/" + key, content, cancellationToken);
            return response.IsSuccessStatusCode || Failed($"PUT {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return Failed($"PUT without answer ({e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"PUT without answer within {RequestTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Reads a key; true for a 200 answer whose body is <paramref name="expected"/>.</summary>
    public async ValueTask<bool> GetAsync(string key, byte[] expected, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("cache/" + key, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return Failed($"GET {(int)response.StatusCode}");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return body.AsSpan().SequenceEqual(expected) || Failed("GET 200 with another body");
        }
        catch (HttpRequestException e)
        {
            return Failed($"GET without answer ({e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"GET without answer within {RequestTimeout.TotalSeconds:0} s");
        }
    }

    public void Dispose() => _http.Dispose();

    private bool Failed(string what)
    {
        _failures.AddOrUpdate(what, 1, static (_, n) => n + 1);
        return false;
    }
}

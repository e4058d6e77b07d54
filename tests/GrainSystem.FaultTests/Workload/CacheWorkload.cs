using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GrainSystem.FaultTests.Checkers;
using GrainSystem.FaultTests.Checkers.Cache;
using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Workload;

/// <summary>
/// Concurrent clients reading, writing, compare-and-setting, setting-if-absent, incrementing and deleting a few shared
/// keys. The keys change every <see cref="KeyLifetime"/>, which keeps each key's history small enough for an exact
/// linearizability search; every value written is a distinct integer, so increments apply to any value.
/// </summary>
public sealed class CacheWorkload(ApiClient api, string prefix, int keysPerGeneration = 3)
{
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromSeconds(8);

    private readonly HashSet<string> _used = [];

    public IReadOnlyCollection<string> Keys
    {
        get
        {
            lock (_used)
            {
                return [.. _used];
            }
        }
    }

    public async Task RunClientAsync(int client, TimeSpan think, CancellationToken stop)
    {
        var random = new Random(client * 7919);
        var seen = new Dictionary<string, long>();
        for (var seq = 0; !stop.IsCancellationRequested; seq++)
        {
            var key = KeyAt(api.History.Clock.Now, random.Next(keysPerGeneration));
            var roll = random.Next(100);
            var kind = roll switch
            {
                < 35 => CacheOpKind.Read,
                < 55 => CacheOpKind.Write,
                < 70 => CacheOpKind.CompareAndSet,
                < 75 => CacheOpKind.SetIfAbsent,
                < 95 => CacheOpKind.Increment,
                _ => CacheOpKind.Delete,
            };
            var argument = kind == CacheOpKind.Increment ? 1 + random.Next(5) : (client + 1) * 10_000_000L + seq;
            var op = await RunAsync(client, key, kind, argument, seen.GetValueOrDefault(key));
            if (op.Outcome == Outcome.Ok && op.Version > 0)
            {
                seen[key] = op.Version;
            }

            await Pause.ForAsync(think, stop);
        }
    }

    /// <summary>Reads every key used, retrying until the cache answers, as the final reads of the run.</summary>
    public async Task FinalReadsAsync(TimeSpan deadline)
    {
        using var cancel = new CancellationTokenSource(deadline);
        foreach (var key in Keys)
        {
            while (!cancel.IsCancellationRequested)
            {
                var op = await RunAsync(CacheChecker.FinalReader, key, CacheOpKind.Read, 0, 0);
                if (op.Outcome == Outcome.Ok)
                {
                    break;
                }

                await Pause.ForAsync(TimeSpan.FromMilliseconds(500), cancel.Token);
            }
        }
    }

    private string KeyAt(long now, int index)
    {
        var key = $"{prefix}-{now / KeyLifetime.Ticks}-{index}";
        lock (_used)
        {
            _used.Add(key);
        }

        return key;
    }

    /// <summary>One operation, never cancelled once sent: a stopping client still records how its last call ended.</summary>
    internal async Task<CacheOp> RunAsync(int client, string key, CacheOpKind kind, long argument, long expected)
    {
        var path = $"/cache/{key}";
        var idempotencyKey = Guid.NewGuid().ToString("N");
        Func<HttpRequestMessage> request = kind switch
        {
            CacheOpKind.Read => () => new HttpRequestMessage(HttpMethod.Get, path),
            CacheOpKind.Delete => () => new HttpRequestMessage(HttpMethod.Delete, path),
            CacheOpKind.Increment => () => ApiClient.WithKey(new HttpRequestMessage(HttpMethod.Post, $"{path}/increment?by={argument}"), idempotencyKey),
            _ => () => Put(path, kind, argument, expected),
        };
        var (attempt, invoke) = await api.CallAsync(Features.Cache, $"{kind} /cache", request, idempotent: kind == CacheOpKind.Increment);
        var (answer, value, version) = attempt.Outcome == Outcome.Ok ? Answer(kind, attempt) : (CacheAnswer.None, 0L, 0L);
        var outcome = attempt.Outcome == Outcome.Ok && answer == CacheAnswer.None ? Outcome.Indeterminate : attempt.Outcome;
        var op = new CacheOp(client, key, kind, argument, expected, outcome, answer, value, version, invoke,
            outcome == Outcome.Indeterminate ? RunClock.Never : api.History.Clock.Now);
        api.History.Cache.Enqueue(op);
        return op;
    }

    private static HttpRequestMessage Put(string path, CacheOpKind kind, long value, long expected)
    {
        var message = new HttpRequestMessage(HttpMethod.Put, path)
        {
            Content = new StringContent(value.ToString(CultureInfo.InvariantCulture), MediaTypeHeaderValue.Parse("text/plain")),
        };
        if (kind == CacheOpKind.SetIfAbsent)
        {
            message.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }
        else if (kind == CacheOpKind.CompareAndSet)
        {
            message.Headers.TryAddWithoutValidation("If-Match", $"\"{expected}\"");
        }

        return message;
    }

    /// <summary>The cache's answer; <see cref="CacheAnswer.None"/> for an answer the model does not know (an unexpected status).</summary>
    private static (CacheAnswer, long Value, long Version) Answer(CacheOpKind kind, Attempt attempt)
    {
        var etag = ParseETag(attempt.Headers?.ETag?.Tag);
        return (kind, (HttpStatusCode)attempt.Status) switch
        {
            (CacheOpKind.Read, HttpStatusCode.OK) => (CacheAnswer.Hit, long.Parse(attempt.Body, CultureInfo.InvariantCulture), etag),
            (CacheOpKind.Read, HttpStatusCode.NotFound) => (CacheAnswer.Miss, 0, 0),
            (CacheOpKind.Write or CacheOpKind.SetIfAbsent, HttpStatusCode.Created) => (CacheAnswer.Created, 0, etag),
            (CacheOpKind.Write or CacheOpKind.CompareAndSet, HttpStatusCode.OK) => (CacheAnswer.Replaced, 0, etag),
            (CacheOpKind.SetIfAbsent or CacheOpKind.CompareAndSet, HttpStatusCode.PreconditionFailed) =>
                (CacheAnswer.PreconditionFailed, 0, CurrentVersion(attempt.Body)),
            (CacheOpKind.Increment, HttpStatusCode.OK) => Incremented(attempt.Body),
            (CacheOpKind.Increment, HttpStatusCode.Conflict) => (CacheAnswer.Conflict, 0, 0),
            (CacheOpKind.Delete, HttpStatusCode.NoContent) => (CacheAnswer.Deleted, 0, 0),
            (CacheOpKind.Delete, HttpStatusCode.NotFound) => (CacheAnswer.NotFound, 0, 0),
            _ => (CacheAnswer.None, 0, 0),
        };
    }

    private static (CacheAnswer, long, long) Incremented(string body)
    {
        using var document = JsonDocument.Parse(body);
        return (CacheAnswer.Incremented, document.RootElement.GetProperty("value").GetInt64(), document.RootElement.GetProperty("version").GetInt64());
    }

    private static long CurrentVersion(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("currentVersion", out var current) && current.ValueKind == JsonValueKind.Number
            ? current.GetInt64()
            : 0;
    }

    private static long ParseETag(string? tag) =>
        tag is { Length: > 2 } ? long.Parse(tag.AsSpan(1, tag.Length - 2), CultureInfo.InvariantCulture) : 0;
}

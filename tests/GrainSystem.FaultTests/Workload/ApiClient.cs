using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Workload;

/// <summary>
/// The clients' HTTP access to the API: every request is timed on the run's clock and recorded, and its answer is
/// classified (<see cref="Attempt"/>). <see cref="CallAsync"/> retries what the answer says may be retried, with the
/// same <c>Idempotency-Key</c>, as a careful client does.
/// </summary>
public sealed class ApiClient(Uri address, RunHistory history) : IDisposable
{
    /// <summary>Longer than any answer may take, so that a late answer is measured rather than cut off.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(300);

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(2),
    })
    { BaseAddress = address, Timeout = RequestTimeout };

    public RunHistory History => history;

    public HttpClient Http => _http;

    /// <summary>Sends one request and records it; never throws for a failed request, and is never cancelled once sent.</summary>
    public async Task<Attempt> SendAsync(string feature, string route, Func<HttpRequestMessage> request, TimeSpan allowance = default)
    {
        var start = history.Clock.Now;
        var watch = Stopwatch.StartNew();
        Attempt attempt;
        try
        {
            using var message = request();
            WithBodyIfWrite(message);
            using var response = await _http.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            attempt = Classify((int)response.StatusCode, body, response);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            attempt = new Attempt(0, "", null, null, Outcome.Failed, "connection refused");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            attempt = new Attempt(0, "", null, null, Outcome.Indeterminate, $"{ex.GetType().Name}: {ex.Message}");
        }

        history.Requests.Enqueue(new RequestRecord(feature, route, start, watch.Elapsed.Ticks, attempt.Status, attempt.ProblemType,
            attempt.Header("Retry-After") is not null, attempt.Status >= 500 ? Excerpt(attempt.Body) : attempt.Error, allowance));
        return attempt;
    }

    /// <summary>
    /// Gives a request that may change something an empty body when it has none. HttpClient sends a request without a body
    /// once more, on a new connection, when the reused connection it went out on closed before any answer (the API
    /// stopping with the request in hand); when that second connection is refused the client reports "connection refused"
    /// — "nothing was sent" — for a request the API did receive and may have applied. A request with a body is never sent
    /// twice that way, so its failure is reported as what it is: no answer, outcome unknown.
    /// </summary>
    private static void WithBodyIfWrite(HttpRequestMessage message)
    {
        if (message.Content is null && message.Method != HttpMethod.Get && message.Method != HttpMethod.Head)
        {
            message.Content = new ByteArrayContent([]);
        }
    }

    /// <summary>
    /// Sends a request until it gets a definite answer, an unknown outcome it may not retry (no
    /// <paramref name="idempotent"/> key), or <paramref name="attempts"/> run out. Returns the last attempt and when the
    /// first was sent. A refusal after an attempt whose outcome is unknown is itself an unknown outcome: the refusal says
    /// only that the retry changed nothing, not the earlier attempt.
    /// </summary>
    public async Task<(Attempt Last, long Invoke)> CallAsync(string feature, string route, Func<HttpRequestMessage> request, bool idempotent,
        int attempts = 3, TimeSpan allowance = default)
    {
        var invoke = history.Clock.Now;
        Attempt last;
        var left = attempts;
        var unknown = false;
        while (true)
        {
            last = await SendAsync(feature, route, request, allowance);
            unknown |= last.Outcome == Outcome.Indeterminate;
            var mayRetry = last.Retryable && (last.Outcome == Outcome.Failed || idempotent);
            if (!mayRetry || --left == 0)
            {
                return (unknown && last.Outcome == Outcome.Failed ? last with { Outcome = Outcome.Indeterminate } : last, invoke);
            }

            await Task.Delay(RetryPause);
        }
    }

    public void Dispose() => _http.Dispose();

    private static Attempt Classify(int status, string body, HttpResponseMessage response)
    {
        var problemType = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? TypeOf(body) : null;
        var outcome = status switch
        {
            503 when problemType == ProblemTypes.OutcomeUnknown => Outcome.Indeterminate,
            503 => Outcome.Failed,
            >= 500 => Outcome.Indeterminate,
            _ => Outcome.Ok,
        };
        var headers = response.Headers;
        return new Attempt(status, body, headers, problemType, outcome, null);
    }

    private static string? TypeOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string body) => body.Length <= 300 ? body : body[..300];

    /// <summary>A request with an <c>Idempotency-Key</c>, the same for every attempt of one logical operation.</summary>
    public static HttpRequestMessage WithKey(HttpRequestMessage message, string key)
    {
        message.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return message;
    }
}

using System.Net;
using System.Net.Http.Headers;
using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Workload;

/// <summary>
/// One HTTP request's answer: <see cref="Status"/> 0 when none came; <see cref="Outcome"/> classifies it — a definite
/// answer (any 2xx or 4xx), refused with nothing changed (a 503 that is not "outcome unknown", a connection refused
/// before anything was sent), or unknown (no answer, an "outcome unknown" 503, any other 5xx).
/// </summary>
public sealed record Attempt(int Status, string Body, HttpResponseHeaders? Headers, string? ProblemType, Outcome Outcome, string? Error)
{
    public bool Is(HttpStatusCode status) => Status == (int)status;

    /// <summary>Whether asking again is allowed by the answer (a refusal, or a 503 of either kind).</summary>
    public bool Retryable => Outcome == Outcome.Failed || Status == 503;

    public string? Header(string name) => Headers is not null && Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

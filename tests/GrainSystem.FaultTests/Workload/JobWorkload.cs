using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GrainSystem.FaultTests.Checkers;
using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Workload;

/// <summary>
/// A client submitting small jobs of the <c>sleep</c> operation (each item comes back as its result after a short
/// sleep, one chunk per item), so that jobs run across faults; each accepted job is watched until it finishes.
/// </summary>
public sealed class JobWorkload(ApiClient api)
{
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan WatchDeadline = TimeSpan.FromMinutes(3);

    private readonly ConcurrentDictionary<string, Task> _watchers = new();

    /// <summary>
    /// Submits jobs until <paramref name="stop"/>, one every <paramref name="think"/>; with <paramref name="closedLoop"/>
    /// each one only once the previous one was watched to its end, so that jobs never pile up (a steady state).
    /// </summary>
    public async Task RunClientAsync(int client, TimeSpan think, bool closedLoop, CancellationToken stop)
    {
        for (var seq = 0; !stop.IsCancellationRequested; seq++)
        {
            var items = Enumerable.Range(0, 6).Select(i => (long)((client * 1_000_000) + (seq * 100) + i)).ToArray();
            var key = Guid.NewGuid().ToString("N");
            var spec = new { operation = "sleep", args = new { ms = 250 }, items, chunkSize = 1, maxParallelism = 3, maxAttempts = 5 };
            var (attempt, invoke) = await api.CallAsync(Features.Jobs, "POST /jobs",
                () => ApiClient.WithKey(new HttpRequestMessage(HttpMethod.Post, "/jobs") { Content = JsonContent.Create(spec) }, key),
                idempotent: true);
            var id = attempt.Is(HttpStatusCode.Accepted) ? JsonDocument.Parse(attempt.Body).RootElement.GetProperty("id").GetString() : null;
            var outcome = attempt.Outcome == Outcome.Ok && id is null ? Outcome.Failed : attempt.Outcome;
            var job = new JobRecord(client, id, items, outcome, invoke, outcome == Outcome.Indeterminate ? RunClock.Never : api.History.Clock.Now);
            api.History.SetJob(key, job);
            if (id is not null)
            {
                var watch = _watchers[key] = WatchAsync(key, job);
                if (closedLoop)
                {
                    await watch;
                }
            }

            await Pause.ForAsync(think, stop);
        }
    }

    /// <summary>Waits for every accepted job to be watched to its end (or the deadline).</summary>
    public async Task DrainAsync(TimeSpan deadline)
    {
        var all = Task.WhenAll(_watchers.Values);
        await Task.WhenAny(all, Task.Delay(deadline));
    }

    /// <summary>The accepted jobs, for the storage check.</summary>
    public IReadOnlyList<JobRecord> Accepted => [.. api.History.Jobs.Where(j => j.Id is not null)];

    /// <summary>
    /// Polls the job until it ends, answers 404 or the watch's deadline passes, recording what it showed after every
    /// answer (so a run that stops waiting keeps the last state seen) and the longest stretch without an answer.
    /// </summary>
    private async Task WatchAsync(string key, JobRecord job)
    {
        using var deadline = new CancellationTokenSource(WatchDeadline);
        var clock = api.History.Clock;
        var lastAnswered = job.Invoke;
        while (!deadline.IsCancellationRequested && job.FinalState is not ("Completed" or "Failed" or "Cancelled" or JobRecord.Gone))
        {
            await Pause.ForAsync(PollPeriod, deadline.Token);
            var asked = clock.Now;
            var status = await api.SendAsync(Features.Jobs, "GET /jobs", () => new HttpRequestMessage(HttpMethod.Get, $"/jobs/{job.Id}"));
            if (!status.Is(HttpStatusCode.OK) && !status.Is(HttpStatusCode.NotFound))
            {
                continue;
            }

            job = job with { Unseen = Math.Max(job.Unseen, clock.Now - lastAnswered) };
            lastAnswered = asked;
            if (status.Is(HttpStatusCode.NotFound))
            {
                job = job with { FinalState = JobRecord.Gone };
                break;
            }

            var info = JsonDocument.Parse(status.Body).RootElement;
            var state = info.GetProperty("state").GetString();
            var error = info.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()).LastOrDefault();
            var results = state == "Completed" ? await ResultsAsync(job.Id!, deadline.Token) : null;
            job = job with { FinalState = state, Error = error, Results = results };
            api.History.SetJob(key, job);
        }

        api.History.SetJob(key, job with { Unseen = Math.Max(job.Unseen, clock.Now - lastAnswered) });
    }

    private async Task<long[]?> ResultsAsync(string id, CancellationToken deadline)
    {
        while (!deadline.IsCancellationRequested)
        {
            var results = await api.SendAsync(Features.Jobs, "GET /jobs/results", () => new HttpRequestMessage(HttpMethod.Get, $"/jobs/{id}/results"));
            if (results.Is(HttpStatusCode.OK))
            {
                return [.. JsonDocument.Parse(results.Body).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetInt64())];
            }

            await Pause.ForAsync(PollPeriod, deadline);
        }

        return null;
    }
}

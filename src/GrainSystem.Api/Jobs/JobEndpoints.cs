using System.Text.Json;
using System.Text.RegularExpressions;
using GrainSystem.Abstractions.Jobs;
using GrainSystem.Api.Http;
using GrainSystem.Client.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GrainSystem.Api.Jobs;

/// <summary>HTTP routes of the Jobs feature: submit, inspect, fetch results of and cancel jobs; list operations.</summary>
public static partial class JobEndpoints
{
    private const int DefaultChunkSize = 100;
    private const int DefaultMaxParallelism = 8;
    private const int DefaultMaxAttempts = 3;

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapPost("", SubmitAsync).WithSummary("Submit a job");
        jobs.MapGet("/{id}", GetInfoAsync).WithSummary("A job's status");
        jobs.MapGet("/{id}/results", GetResultsAsync).WithSummary("A completed job's results");
        jobs.MapDelete("/{id}", CancelAsync).WithSummary("Cancel a job");
        app.MapGet("/operations", ListOperationsAsync).WithTags("Jobs").WithSummary("The registered operations");
        return app;
    }

    private static async Task<Results<Accepted<JobAcceptedResponse>, ProblemHttpResult>> SubmitAsync(
        SubmitJobRequest request, IJobClient jobs, HttpContext context)
    {
        var key = IdempotencyKey.Read(context, out var keyProblem);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        var chunkSize = request.ChunkSize ?? DefaultChunkSize;
        var maxParallelism = request.MaxParallelism ?? DefaultMaxParallelism;
        var maxAttempts = request.MaxAttempts ?? DefaultMaxAttempts;
        var args = request.Args is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } a ? a : (JsonElement?)null;
        var errors = new ValidationErrors()
            .Check(!string.IsNullOrWhiteSpace(request.Operation), "operation", "is required")
            .Check(request.Items is { ValueKind: JsonValueKind.Array }, "items", "is required and must be a JSON array")
            .Check(request.Items is not { ValueKind: JsonValueKind.Array } items || items.GetArrayLength() <= JobLimits.MaxItems,
                "items", JobLimits.TooManyItems)
            .Check(args is null or { ValueKind: JsonValueKind.Object }, "args", JobLimits.ArgsNotAnObject);
        foreach (var (field, message) in JobLimits.CheckSizes(chunkSize, maxParallelism, maxAttempts))
        {
            errors.Check(false, field, message);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // Under a key the job id comes from the key and the spec is stored with the request's fingerprint: a retry finds
        // the job (also after a failover) and stores nothing again.
        var id = key?.ToId() ?? Guid.NewGuid().ToString("N");
        var spec = new JobSpec(request.Operation!, args?.GetRawText() ?? "{}", request.Items!.Value.GetRawText(),
            chunkSize, maxParallelism, maxAttempts);
        if (key is not null)
        {
            var fingerprint = IdempotencyKey.Fingerprint(spec.Operation, spec.ArgsJson, spec.ItemsJson, $"{chunkSize}/{maxParallelism}/{maxAttempts}");
            spec = spec with { RequestHash = fingerprint };
        }

        var submission = await jobs.SubmitAsync(id, spec);
        return submission.Status switch
        {
            JobSubmitStatus.AlreadyExists when key is not null => IdempotencyKey.Reused(),
            JobSubmitStatus.Accepted => TypedResults.Accepted($"/jobs/{id}",
                new JobAcceptedResponse(id, submission.Info!.State.ToString(), submission.Info.TotalChunks)),
            JobSubmitStatus.UnknownOperation or JobSubmitStatus.Invalid =>
                Problems.Validation(submission.Field ?? "spec", submission.Message ?? "is not valid"),
            JobSubmitStatus.Unavailable => Problems.Unavailable(context.Response,
                submission.Message ?? "The job could not be stored; nothing was accepted. Retry shortly."),
            _ => Problems.Status(StatusCodes.Status409Conflict, "Job already exists.", $"A job with the id '{id}' already exists."),
        };
    }

    private static async Task<Results<Ok<JobStatusResponse>, ProblemHttpResult>> GetInfoAsync(string id, IJobClient jobs)
    {
        var info = IsJobId(id) ? await jobs.GetInfoAsync(id) : null;
        return info is null ? NotFound(id) : TypedResults.Ok(JobStatusResponse.From(info));
    }

    private static async Task<Results<Ok<JobResultsResponse>, ProblemHttpResult>> GetResultsAsync(string id, IJobClient jobs,
        HttpResponse response)
    {
        if (!IsJobId(id))
        {
            return NotFound(id);
        }

        var results = await jobs.GetResultsAsync(id);
        switch (results.Status)
        {
            case JobResultsStatus.NotFound:
                return NotFound(id);
            case JobResultsStatus.Unavailable:
                return Problems.Unavailable(response, $"Job '{id}': {results.Error}.");
            case JobResultsStatus.NotCompleted:
                return Problems.Status(StatusCodes.Status409Conflict, "Job not completed.",
                    $"Job '{id}' is {results.State}; results exist only once it is Completed.",
                    [new("state", results.State.ToString())]);
        }

        using var document = JsonDocument.Parse(results.Json!);
        var value = document.RootElement.Clone();
        return TypedResults.Ok(results.Reduced ? new JobResultsResponse { Result = value } : new JobResultsResponse { Results = value });
    }

    private static async Task<Results<Accepted<JobCancelledResponse>, ProblemHttpResult>> CancelAsync(string id, IJobClient jobs)
    {
        if (!IsJobId(id))
        {
            return NotFound(id);
        }

        var cancellation = await jobs.CancelAsync(id);
        return cancellation.Status switch
        {
            JobCancelStatus.Cancelled => TypedResults.Accepted($"/jobs/{id}", new JobCancelledResponse(id, nameof(JobState.Cancelled))),
            JobCancelStatus.AlreadyFinished => Problems.Status(StatusCodes.Status409Conflict, "Job already finished.",
                $"Job '{id}' is {cancellation.State}; only a pending or running job can be cancelled.",
                [new("state", cancellation.State.ToString())]),
            _ => NotFound(id),
        };
    }

    private static async Task<Ok<IReadOnlyList<OperationInfo>>> ListOperationsAsync(IJobClient jobs) =>
        TypedResults.Ok(await jobs.GetOperationsAsync());

    private static ProblemHttpResult NotFound(string id) =>
        Problems.Status(StatusCodes.Status404NotFound, "Job not found.", $"No job has the id '{id}'.");

    /// <summary>Ids the API hands out are 32 hex digits; anything else is not a job and activates no grain.</summary>
    private static bool IsJobId(string id) => JobIdPattern().IsMatch(id);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex JobIdPattern();
}

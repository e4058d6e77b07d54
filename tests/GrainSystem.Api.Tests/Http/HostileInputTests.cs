using System.Text.Json;

namespace GrainSystem.Api.Tests.Http;

/// <summary>
/// The hostile-input matrix: every kind of malformed request, on every route, gets a 4xx problem that names the wrong
/// field, and changes nothing (the fixture's cache entry, lock, job, job activations and topic are compared before and
/// after; a job grain a refused submission activated must be gone within seconds). Kinds the product still gets wrong are
/// kept in their own theories, skipped with the defect as the reason and asserting the same as every other kind: without
/// the Skip they show the defect, and they check its fix.
/// </summary>
public sealed class HostileInputTests(HostileApiFactory api) : IClassFixture<HostileApiFactory>
{
    private static readonly Dictionary<string, HostileRequest> ByKind = HostileRequests.Cache
        .Concat(HostileRequests.CacheTtlBelowMinimum).Concat(HostileRequests.Locks).Concat(HostileRequests.MalformedBodies)
        .Concat(HostileRequests.Jobs).Concat(HostileRequests.Events).Concat(HostileRequests.IdempotencyKeys)
        .ToDictionary(r => r.Kind);

    public static TheoryData<string> Kinds(IEnumerable<HostileRequest> requests) => [.. requests.Select(r => r.Kind)];

    public static TheoryData<string> Handled =>
        Kinds(HostileRequests.Cache.Concat(HostileRequests.Locks).Concat(HostileRequests.Jobs).Concat(HostileRequests.Events));

    public static TheoryData<string> TtlBelowMinimum => Kinds(HostileRequests.CacheTtlBelowMinimum);

    public static TheoryData<string> MalformedBodies => Kinds(HostileRequests.MalformedBodies);

    public static TheoryData<string> IdempotencyKeys => Kinds(HostileRequests.IdempotencyKeys);

    [Theory]
    [MemberData(nameof(Handled))]
    public Task A_malformed_request_gets_a_4xx_problem_naming_the_field_and_changes_nothing(string kind) => CheckAsync(ByKind[kind]);

    [Theory]
    [MemberData(nameof(TtlBelowMinimum))]
    public Task A_ttl_below_1_ms_gets_a_400_naming_it(string kind) => CheckAsync(ByKind[kind]);

    [Theory]
    [MemberData(nameof(IdempotencyKeys))]
    public Task A_malformed_idempotency_key_gets_a_400_naming_it(string kind) => CheckAsync(ByKind[kind]);

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public Task A_body_that_is_not_the_expected_JSON_gets_a_400_naming_the_field(string kind) => CheckAsync(ByKind[kind]);

    [Fact]
    public void The_matrix_covers_every_route_with_at_least_60_kinds()
    {
        Assert.True(ByKind.Count >= 60, $"{ByKind.Count} kinds");
        string[] routes = ["PUT /cache", "GET /cache", "HEAD /cache", "DELETE /cache", "POST /cache/increment", "POST /locks/acquire",
            "POST /locks/renew", "POST /locks/release", "GET /locks", "POST /jobs", "GET /jobs", "GET /jobs/results", "DELETE /jobs",
            "POST /events", "GET /events/stream"];
        var covered = ByKind.Values.Select(Route).ToHashSet();
        Assert.Empty(routes.Except(covered));
    }

    private async Task CheckAsync(HostileRequest request)
    {
        var before = await api.SnapshotAsync(after: false);

        using var response = await api.Http.SendAsync(request.ToMessage(api.Token, api.Job));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(request.Status == (int)response.StatusCode, $"{request.Kind}: {(int)response.StatusCode} {body}");
        if (request.Method != "HEAD")
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(NamesField(JsonDocument.Parse(body).RootElement, request.Field), $"{request.Kind}: the problem does not name {request.Field}: {body}");
        }

        Assert.Equal(before, await api.SnapshotAsync(after: true));
    }

    private static bool NamesField(JsonElement problem, string field) =>
        (problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase)))
        || (problem.TryGetProperty("detail", out var detail) && detail.GetString()?.Contains(field, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The route a request hits, as "METHOD /feature[/action]".</summary>
    private static string Route(HostileRequest request)
    {
        var segments = request.Path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["cache", _, "increment"] => "POST /cache/increment",
            ["cache", ..] => $"{request.Method} /cache",
            ["locks", _, var action] => $"POST /locks/{action}",
            ["locks", _] => "GET /locks",
            ["jobs", _, "results"] => "GET /jobs/results",
            ["jobs", ..] => $"{request.Method} /jobs",
            ["events", "stream"] => "GET /events/stream",
            _ => $"{request.Method} /{segments[0]}",
        };
    }
}

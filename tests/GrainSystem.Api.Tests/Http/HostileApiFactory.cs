using System.Net.Http.Json;
using System.Text.Json;
using GrainSystem.Abstractions.Events;
using GrainSystem.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Api.Tests.Http;

/// <summary>
/// The embedded API with state for the hostile requests to leave alone: cache key <c>hostile</c>, lock <c>hostile</c>
/// (held, its owner token kept), a completed job and an event on topic <c>hostile.t</c>. A submission the grain refuses
/// activates a job grain that deactivates itself; a snapshot waits for such activations to go, so that one still there
/// after <see cref="SettleTimeout"/> (a job that was accepted, say) fails the comparison.
/// </summary>
public sealed class HostileApiFactory : GrainSystemApiFactory, IAsyncLifetime
{
    public const int MaxValueBytes = 4096;

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    private int _jobActivations;

    public HostileApiFactory() => Settings["Cache:MaxValueBytes"] = MaxValueBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public HttpClient Http { get; private set; } = null!;

    public string Token { get; private set; } = "";

    public string Job { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Http = CreateClient();
        (await Http.PutAsync("/cache/hostile", new StringContent("41"))).EnsureSuccessStatusCode();
        var grant = await Http.PostAsJsonAsync("/locks/hostile/acquire", new { owner = "holder", leaseSeconds = 3600 });
        Token = (await grant.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var job = await Http.PostAsJsonAsync("/jobs", new { operation = "square", items = new[] { 1, 2, 3 } });
        Job = (await job.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Poll.UntilAsync(async () => (await Http.GetFromJsonAsync<JsonElement>($"/jobs/{Job}")).GetProperty("state").GetString() == "Completed",
            TimeSpan.FromSeconds(30), "the fixture's job to complete");
        (await Http.PostAsJsonAsync("/events/hostile.t", new { n = 0 })).EnsureSuccessStatusCode();
        _jobActivations = await JobActivationsAsync();
    }

    /// <summary>
    /// Everything a hostile request could have changed, as text to compare before and after it. Before the request
    /// (<paramref name="after"/> false), job grains an earlier failed request left active become part of the baseline;
    /// after it, one still active past the settle time fails the request's test.
    /// </summary>
    public async Task<string> SnapshotAsync(bool after)
    {
        try
        {
            await Poll.UntilAsync(async () => await JobActivationsAsync() <= _jobActivations, SettleTimeout,
                "no job grain active besides the fixture's");
        }
        catch (TimeoutException) when (!after)
        {
            _jobActivations = await JobActivationsAsync();
        }

        var cache = await Http.GetAsync("/cache/hostile");
        var grains = Services.GetRequiredService<IGrainFactory>();
        var events = await grains.GetGrain<ITopicGrain>("hostile.t").ReadAfter(0, 1000);
        return string.Join(Environment.NewLine,
            $"cache: {(int)cache.StatusCode} {cache.Headers.ETag} {(cache.IsSuccessStatusCode ? await cache.Content.ReadAsStringAsync() : "")}",
            $"lock: {await Http.GetStringAsync("/locks/hostile")}",
            $"job: {await Http.GetStringAsync($"/jobs/{Job}")}",
            $"events: {string.Join(",", events.Events.Select(e => e.Id))}");
    }

    private async Task<int> JobActivationsAsync()
    {
        var statistics = await Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("Job", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

using System.Net;
using System.Net.Http.Headers;

namespace GrainSystem.Api.Tests.Http;

/// <summary>With <c>Dashboard:Enabled=false</c> the API serves no dashboard, and everything else as before.</summary>
public sealed class DashboardDisabledTests(DashboardDisabledTests.Factory factory) : IClassFixture<DashboardDisabledTests.Factory>
{
    [Fact]
    public async Task A_disabled_dashboard_is_not_served_and_the_cache_works_without_it()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dashboard/")).StatusCode);

        var put = await client.PutAsync("/cache/dashboard-off", new ByteArrayContent("v"u8.ToArray())
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") },
        });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("v", await client.GetStringAsync("/cache/dashboard-off"));
    }

    [Fact]
    public async Task An_enabled_dashboard_is_served_to_local_callers()
    {
        using var enabled = new GrainSystemApiFactory();
        Assert.Equal(HttpStatusCode.OK, (await enabled.CreateClient().GetAsync("/dashboard/")).StatusCode);
    }

    public sealed class Factory : GrainSystemApiFactory
    {
        public Factory() => Settings["Dashboard:Enabled"] = "false";
    }
}

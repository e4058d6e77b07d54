using System.Net;

namespace GrainSystem.Api.Tests.Http;

public sealed class DashboardAccessTests(RemoteCallerApiFactory factory) : IClassFixture<RemoteCallerApiFactory>
{
    [Fact]
    public async Task Without_keys_the_dashboard_refuses_callers_from_other_machines_with_403()
    {
        var response = await factory.CreateClient().GetAsync("/dashboard/");
        await ProblemDetailsAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_keys_other_routes_stay_open_to_remote_callers()
    {
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/openapi/v1.json")).StatusCode);
    }
}

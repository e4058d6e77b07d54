using GrainSystem.Testing;

namespace GrainSystem.IntegrationTests.Hosting;

public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Orleans__SiloPort", "0", "Orleans:SiloPort")]
    [InlineData("Orleans__Failover__ProbeTimeout", "00:00:00.001", "Orleans:Failover:ProbeTimeout")]
    [InlineData("ConnectionStrings__Redis", "127.0.0.1:notaport", "ConnectionStrings:Redis")]
    public async Task A_silo_with_a_bad_setting_stops_at_start_naming_the_setting(string variable, string value, string named)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Redis"] = "127.0.0.1:1",
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
            [variable] = value,
        };
        await using var silo = ServiceProcess.Start("bad-setting-silo", "dotnet",
            [RepositoryLayout.HostAssembly("GrainSystem.Silo")], environment);

        await Poll.UntilAsync(() => silo.HasExited, TimeSpan.FromSeconds(60), "the silo to stop on a bad setting");
        await Poll.UntilAsync(() => silo.ReadLog().Contains(named, StringComparison.Ordinal), TimeSpan.FromSeconds(5),
            $"the silo's output to name {named}");
    }
}

using GrainSystem.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GrainSystem.Api.Tests.Http;

/// <summary>
/// The API in embedded mode, in process, on its own free Orleans ports so factories can run side by side.
/// Extra settings (API keys, feature limits) come from <see cref="Settings"/>.
/// </summary>
public class GrainSystemApiFactory : WebApplicationFactory<Program>
{
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Jobs:EnableTestOperations"] = "true",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort.Next().ToString());
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>An API factory with API keys configured.</summary>
public sealed class SecuredApiFactory : GrainSystemApiFactory
{
    public const string Key = "test-key-0123456789";

    public SecuredApiFactory() => Settings["Api:ApiKeys:0"] = Key;
}

using System.Net;
using GrainSystem.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainSystem.Api.Tests.Http;

/// <summary>
/// The API in embedded mode, in process, on its own free Orleans and RESP ports so factories can run side by side.
/// Extra settings (API keys, feature limits) come from <see cref="Settings"/>.
/// </summary>
public class GrainSystemApiFactory : WebApplicationFactory<Program>
{
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Jobs:EnableTestOperations"] = "true",
    };

    /// <summary>The caller's address as the API sees it (the in-process server reports none by itself).</summary>
    public IPAddress RemoteAddress { get; set; } = IPAddress.Loopback;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new RemoteAddressFilter(() => RemoteAddress)));
        builder.UseEnvironment("Testing");
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort.Next().ToString());
        builder.UseSetting("Resp:Port", "0");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>Gives every request the factory's remote address, as a real server would.</summary>
internal sealed class RemoteAddressFilter(Func<IPAddress> address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            context.Connection.RemoteIpAddress = address();
            return following(context);
        });
        next(app);
    };
}

/// <summary>An API factory whose caller is on another machine (no API keys).</summary>
public sealed class RemoteCallerApiFactory : GrainSystemApiFactory
{
    public RemoteCallerApiFactory() => RemoteAddress = IPAddress.Parse("203.0.113.7");
}

/// <summary>An API factory with API keys configured.</summary>
public sealed class SecuredApiFactory : GrainSystemApiFactory
{
    public const string Key = "test-key-0123456789";

    public SecuredApiFactory() => Settings["Api:ApiKeys:0"] = Key;
}

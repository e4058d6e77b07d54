using GrainSystem.Hosting;

// A silo serves HTTP (its health checks) only where ASPNETCORE_URLS or --urls says, so several silos
// on one machine need nothing but distinct Orleans ports.
var urls = new ConfigurationBuilder().AddEnvironmentVariables("ASPNETCORE_").AddCommandLine(args).Build()["urls"];
var contentRoot = AppContext.BaseDirectory;

if (string.IsNullOrWhiteSpace(urls))
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = contentRoot });
    builder.AddGrainSystemSilo();
    await builder.Build().RunAsync();
}
else
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
    builder.AddGrainSystemSilo();
    builder.Services.AddHealthChecks().AddGrainSystemReadiness();
    var app = builder.Build();
    app.MapGrainSystemHealth();
    await app.RunAsync();
}

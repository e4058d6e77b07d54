using GrainSystem.Api.Resp.PubSub;
using Microsoft.Extensions.Options;

namespace GrainSystem.Api.Resp;

/// <summary>Registers the RESP endpoint (section <c>Resp</c>): its settings, shared services and listener.</summary>
public static class RespHostingExtensions
{
    public static WebApplicationBuilder AddGrainSystemResp(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RespOptions>()
            .BindConfiguration(RespOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RespOptions>, RespOptionsValidator>();
        services.AddSingleton<RespStats>();
        services.AddSingleton<RespPubSubHub>();
        services.AddSingleton<RespServices>();
        services.AddSingleton<RespConnectionHandler>();
        if (builder.Configuration.GetValue($"{RespOptions.SectionName}:{nameof(RespOptions.Enabled)}", true))
        {
            services.AddSingleton<RespListener>();
            services.AddHostedService(sp => sp.GetRequiredService<RespListener>());
        }

        return builder;
    }
}

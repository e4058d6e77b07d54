using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GrainSystem.Hosting;

/// <summary>
/// OpenTelemetry metrics and traces from Orleans', ASP.NET Core's and GrainSystem's own meters and sources,
/// exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (nothing is collected otherwise).
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Meter and activity source names of GrainSystem's own instruments start with this.</summary>
    public const string InstrumentPrefix = "GrainSystem";

    /// <summary>
    /// Whether telemetry is exported (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set). Orleans' trace propagation is added only
    /// then: its grain call filters run on every call, whether anybody listens or not.
    /// </summary>
    public static bool IsExported(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static IHostApplicationBuilder AddGrainSystemTelemetry(this IHostApplicationBuilder builder)
    {
        if (!IsExported(builder.Configuration))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", $"{InstrumentPrefix}.*")
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter())
            .WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", $"{InstrumentPrefix}.*")
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter());
        return builder;
    }
}

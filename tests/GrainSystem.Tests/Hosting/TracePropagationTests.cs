using GrainSystem.Grains;
using GrainSystem.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainSystem.Tests.Hosting;

/// <summary>Orleans' trace propagation filters run on every grain call, so a silo has them only when traces are exported.</summary>
public sealed class TracePropagationTests
{
    [Fact]
    public void A_silo_without_an_export_endpoint_has_no_trace_propagation_filters()
    {
        Assert.Empty(TracePropagationFilters(otlpEndpoint: null));
    }

    [Fact]
    public void A_silo_with_an_export_endpoint_propagates_traces_through_grain_calls()
    {
        var filters = TracePropagationFilters(otlpEndpoint: "http://127.0.0.1:4317");

        Assert.Contains(filters, f => f.ServiceType == typeof(IIncomingGrainCallFilter));
        Assert.Contains(filters, f => f.ServiceType == typeof(IOutgoingGrainCallFilter));
    }

    private static List<ServiceDescriptor> TracePropagationFilters(string? otlpEndpoint)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint });
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddGrainSystem(builder.Configuration, StorageBackend.Embedded));

        // Registered, not resolved: the host is never built, so nothing starts.
        return builder.Services
            .Where(d => d.ServiceType == typeof(IIncomingGrainCallFilter) || d.ServiceType == typeof(IOutgoingGrainCallFilter))
            .Where(d => (d.ImplementationType ?? d.ImplementationInstance?.GetType())?.Name.StartsWith("ActivityPropagation", StringComparison.Ordinal) == true)
            .ToList();
    }
}

using GrainSystem.Grains;
using GrainSystem.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace GrainSystem.Testing;

/// <summary>Builds in-process test clusters from the production silo registration.</summary>
public static class TestClusters
{
    /// <summary>Settings every test cluster gets: the Jobs test operations are enabled.</summary>
    public static IReadOnlyDictionary<string, string?> DefaultSettings { get; } = new Dictionary<string, string?>
    {
        ["Jobs:EnableTestOperations"] = "true",
    };

    /// <summary>
    /// A cluster of <paramref name="silos"/> silos configured by <see cref="GrainSystemSiloBuilderExtensions.AddGrainSystem"/> (embedded backend)
    /// with <see cref="DefaultSettings"/> overlaid by <paramref name="settings"/>. The client host gets the same
    /// configuration, so client-side registrations (<paramref name="configureClientHost"/>) read the same values.
    /// <paramref name="configureSilo"/> adds test-only silo services (fault injection) after the production registration.
    /// </summary>
    public static InProcessTestCluster Build(
        short silos = 2,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IHostApplicationBuilder>? configureClientHost = null,
        Action<ISiloBuilder>? configureSilo = null)
    {
        var merged = new Dictionary<string, string?>(DefaultSettings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(merged).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(merged));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddGrainSystem(configuration, StorageBackend.Embedded);
            configureSilo?.Invoke(silo);
        });
        builder.ConfigureClientHost(host =>
        {
            host.Configuration.AddInMemoryCollection(merged);
            configureClientHost?.Invoke(host);
        });
        return builder.Build();
    }
}

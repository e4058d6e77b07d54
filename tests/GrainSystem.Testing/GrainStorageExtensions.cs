using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Orleans.TestingHost;

namespace GrainSystem.Testing;

/// <summary>Reads a test cluster's default grain storage directly, behind the grains' backs.</summary>
public static class GrainStorageExtensions
{
    /// <summary>The default grain storage provider as the first silo has it (shared by the cluster's silos).</summary>
    public static IGrainStorage DefaultStorage(this InProcessTestCluster cluster) =>
        cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress)
            .GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    /// <summary>State <paramref name="stateName"/> of <paramref name="grain"/> as stored (<c>RecordExists</c> false when nothing is).</summary>
    public static async Task<GrainState<T>> ReadStateAsync<T>(this InProcessTestCluster cluster, GrainId grain, string stateName)
        where T : new()
    {
        var state = new GrainState<T>(new T());
        await cluster.DefaultStorage().ReadStateAsync(stateName, grain, state);
        return state;
    }

    /// <summary>True when state <paramref name="stateName"/> of <paramref name="grain"/> is stored.</summary>
    public static async Task<bool> HasStateAsync(this InProcessTestCluster cluster, GrainId grain, string stateName) =>
        (await cluster.ReadStateAsync<JsonElement>(grain, stateName)).RecordExists;
}

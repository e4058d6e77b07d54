using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Orleans.TestingHost;

namespace GrainSystem.Testing;

/// <summary>Reads a test cluster's default grain storage directly, behind the grains' backs.</summary>
public static class GrainStorageExtensions
{
    /// <summary>The default grain storage provider (memory storage, shared by the cluster's silos).</summary>
    public static IGrainStorage DefaultStorage(this InProcessTestCluster cluster) =>
        cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress)
            .GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    /// <summary>True when state <paramref name="stateName"/> of <paramref name="grain"/> is stored.</summary>
    public static async Task<bool> HasStateAsync(this InProcessTestCluster cluster, GrainId grain, string stateName)
    {
        var state = new GrainState<JsonElement>();
        await cluster.DefaultStorage().ReadStateAsync(stateName, grain, state);
        return state.RecordExists;
    }
}

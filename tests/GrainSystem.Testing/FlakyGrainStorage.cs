using Orleans.Storage;

namespace GrainSystem.Testing;

/// <summary>Grain storage that fails the operations a test chooses (by operation and state name) and passes the rest on.</summary>
public sealed class FlakyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    /// <summary>Given ("write" or "clear", state name): true to fail that call.</summary>
    public Func<string, string, bool> Fails { get; set; } = (_, _) => false;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Fails("write", stateName) ? Task.FromException(new IOException($"write of {stateName} failed")) : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Fails("clear", stateName) ? Task.FromException(new IOException($"clear of {stateName} failed")) : inner.ClearStateAsync(stateName, grainId, grainState);
}

using Orleans.Storage;

namespace GrainSystem.Tests.Jobs;

/// <summary>
/// Grain storage in a dictionary with ETag checks like the real providers; <see cref="LoseNextWriteAnswer"/> makes the
/// next write land and then throw (a timeout whose write went through).
/// </summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<string, (object State, string ETag)> _records = [];
    private int _etag;

    public bool LoseNextWriteAnswer { get; set; }

    public int Writes { get; private set; }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_records.TryGetValue(Key(stateName, grainId), out var record))
        {
            grainState.State = (T)record.State;
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        if (_records.TryGetValue(key, out var record) ? record.ETag != grainState.ETag : grainState.ETag is not null)
        {
            throw new InconsistentStateException($"{stateName}: stored ETag {record.ETag}, written {grainState.ETag}");
        }

        Writes++;
        var etag = (++_etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _records[key] = (grainState.State!, etag);
        if (LoseNextWriteAnswer)
        {
            LoseNextWriteAnswer = false;
            throw new TimeoutException("the write landed but its answer was lost");
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _records.Remove(Key(stateName, grainId));
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{grainId}/{stateName}";
}

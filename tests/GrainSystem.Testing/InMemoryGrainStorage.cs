using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace GrainSystem.Testing;

/// <summary>
/// Grain storage in memory for tests, with ETag checks like the real providers, and hooks that fail, hold, or lose the
/// answer of the calls a test chooses. Each state is stored serialized, so what is stored never changes with the
/// object a grain keeps working on; by the silo's storage serializer when given one, else by System.Text.Json.
/// Thread-safe: one instance may serve every silo of an in-process cluster.
/// </summary>
public sealed class InMemoryGrainStorage(IGrainStorageSerializer? serializer = null) : IGrainStorage
{
    private readonly Lock _lock = new();
    private readonly IGrainStorageSerializer _serializer = serializer ?? new JsonStateSerializer();
    private readonly Dictionary<(string StateName, GrainId GrainId), (BinaryData State, string ETag)> _records = [];
    private readonly List<(Func<GrainStorageCall, bool> Match, GrainStorageHold Hold)> _holds = [];
    private readonly List<Func<GrainStorageCall, bool>> _lostAnswers = [];
    private int _lastETag;

    /// <summary>Fails every call it says yes to with an <see cref="IOException"/>, before anything is stored (none by default).</summary>
    public Func<GrainStorageCall, bool> Fails { get; set; } = _ => false;

    /// <summary>The next call <paramref name="match"/> says yes to waits, before it reaches the store, until the hold is released.</summary>
    public GrainStorageHold HoldNext(Func<GrainStorageCall, bool> match)
    {
        var hold = new GrainStorageHold();
        lock (_lock)
        {
            _holds.Add((match, hold));
        }

        return hold;
    }

    /// <summary>
    /// The next call <paramref name="match"/> says yes to is carried out, then throws a <see cref="TimeoutException"/>:
    /// a call that timed out at the caller although it landed.
    /// </summary>
    public void LoseNextAnswer(Func<GrainStorageCall, bool> match)
    {
        lock (_lock)
        {
            _lostAnswers.Add(match);
        }
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var answerLost = await BeforeAsync(new GrainStorageCall(GrainStorageOperation.Read, stateName, grainId));
        lock (_lock)
        {
            if (_records.TryGetValue((stateName, grainId), out var record))
            {
                grainState.State = _serializer.Deserialize<T>(record.State);
                grainState.ETag = record.ETag;
                grainState.RecordExists = true;
            }
            else
            {
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
        }

        ThrowIfLost(answerLost);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var answerLost = await BeforeAsync(new GrainStorageCall(GrainStorageOperation.Write, stateName, grainId));
        string etag;
        lock (_lock)
        {
            CheckETag(stateName, grainId, grainState.ETag);
            etag = (++_lastETag).ToString(CultureInfo.InvariantCulture);
            _records[(stateName, grainId)] = (_serializer.Serialize(grainState.State), etag);
        }

        ThrowIfLost(answerLost);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var answerLost = await BeforeAsync(new GrainStorageCall(GrainStorageOperation.Clear, stateName, grainId));
        lock (_lock)
        {
            CheckETag(stateName, grainId, grainState.ETag);
            _records.Remove((stateName, grainId));
        }

        ThrowIfLost(answerLost);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Applies the hooks that act before the store: a failure, then a hold. True when the answer is to be lost.</summary>
    private async Task<bool> BeforeAsync(GrainStorageCall call)
    {
        if (Fails(call))
        {
            throw new IOException($"{call.Operation} of {call.StateName} failed");
        }

        GrainStorageHold? hold = null;
        var answerLost = false;
        lock (_lock)
        {
            var held = _holds.FindIndex(h => h.Match(call));
            if (held >= 0)
            {
                hold = _holds[held].Hold;
                _holds.RemoveAt(held);
            }

            var lost = _lostAnswers.FindIndex(match => match(call));
            if (lost >= 0)
            {
                answerLost = true;
                _lostAnswers.RemoveAt(lost);
            }
        }

        if (hold is not null)
        {
            await hold.WaitAsync();
        }

        return answerLost;
    }

    /// <summary>As the providers do: a stored record is changed only by a caller that read its ETag, a missing one only by a caller that read nothing.</summary>
    private void CheckETag(string stateName, GrainId grainId, string? etag)
    {
        var stored = _records.TryGetValue((stateName, grainId), out var record) ? record.ETag : null;
        if (stored != etag)
        {
            throw new InconsistentStateException($"{stateName} of {grainId}: stored ETag {stored ?? "none"}, given {etag ?? "none"}");
        }
    }

    private static void ThrowIfLost(bool answerLost)
    {
        if (answerLost)
        {
            throw new TimeoutException("the call landed but its answer was lost");
        }
    }

    /// <summary>System.Text.Json with the defaults of Orleans' own System.Text.Json storage serializer.</summary>
    private sealed class JsonStateSerializer : IGrainStorageSerializer
    {
        private static readonly JsonSerializerOptions Options = new()
        {
            IncludeFields = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input, Options);

        public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(Options)!;
    }
}

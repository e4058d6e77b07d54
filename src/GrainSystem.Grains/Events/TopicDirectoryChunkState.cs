namespace GrainSystem.Grains.Events;

/// <summary>Stored form of one chunk of a topic directory partition: up to <see cref="TopicDirectoryGrain.ChunkSize"/> topic names.</summary>
[GenerateSerializer]
public sealed class TopicDirectoryChunkState
{
    [Id(0)] public List<string> Topics { get; set; } = [];
}

namespace GrainSystem.Grains.Events;

/// <summary>Stored form of the topic directory.</summary>
[GenerateSerializer]
public sealed class TopicDirectoryState
{
    [Id(0)] public int Version { get; set; } = 1;

    [Id(1)] public HashSet<string> Topics { get; set; } = new(StringComparer.Ordinal);
}

namespace GrainSystem.Grains.Events;

/// <summary>Stored form of a topic directory partition's head: how many chunks it has.</summary>
[GenerateSerializer]
public sealed class TopicDirectoryHeadState
{
    [Id(0)] public int Chunks { get; set; }
}

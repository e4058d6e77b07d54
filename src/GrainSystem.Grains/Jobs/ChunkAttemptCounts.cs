namespace GrainSystem.Grains.Jobs;

/// <summary>A chunk's last failed attempt and how often it was lost with a silo (part of <see cref="JobProgressState"/>).</summary>
public sealed record ChunkAttemptCounts
{
    public int Failed { get; init; }

    public int Lost { get; init; }
}

namespace GrainSystem.Api.Events;

/// <summary>Answer to a publish: the id the event got on its topic.</summary>
public sealed record PublishedEvent(long Id);

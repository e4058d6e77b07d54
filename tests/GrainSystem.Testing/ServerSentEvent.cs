namespace GrainSystem.Testing;

/// <summary>One event of a <c>text/event-stream</c> as a client sees it.</summary>
public sealed record ServerSentEvent(string? Id, string Type, string Data);

namespace GrainSystem.IntegrationTests.Events;

/// <summary>One Server-Sent Event as a client sees it.</summary>
public sealed record ServerSentEventLine(string? Id, string Type, string Data);

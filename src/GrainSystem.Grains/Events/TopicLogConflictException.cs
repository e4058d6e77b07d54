namespace GrainSystem.Grains.Events;

/// <summary>Another activation of the topic appended first (a duplicate activation during a failover).</summary>
internal sealed class TopicLogConflictException(string message, Exception? inner = null) : Exception(message, inner);

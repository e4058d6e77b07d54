namespace GrainSystem.Abstractions.Events;

/// <summary>How a publish ended.</summary>
public enum EventPublishStatus
{
    /// <summary>
    /// The event was stored and given <see cref="EventPublishResult.Id"/> (also a retry under an
    /// <see cref="EventPublishKey"/> whose first publish was stored: the first publish's id, nothing stored again).
    /// </summary>
    Published,

    /// <summary>The topic or the data was not valid (<see cref="EventPublishResult.Field"/>, <see cref="EventPublishResult.Error"/>); nothing was stored.</summary>
    Invalid,

    /// <summary>
    /// Refused, nothing stored: the topic's store could not be reached before anything was sent to it, or another
    /// activation of the topic (a failover's duplicate) kept taking the id and this one is leaving. Retrying is safe.
    /// </summary>
    Unavailable,

    /// <summary>
    /// The store call was sent and its answer lost (a Redis timeout, a connection that failed after the command was
    /// sent): the event may be stored. A retry with the same <see cref="EventPublishKey"/> answers the first outcome
    /// and stores nothing again.
    /// </summary>
    OutcomeUnknown,

    /// <summary>The <see cref="EventPublishKey"/> was used with different data within its retention; nothing was stored.</summary>
    KeyReused,
}

namespace GrainSystem.Abstractions.Events;

/// <summary>How a publish ended.</summary>
public enum EventPublishStatus
{
    /// <summary>The event was stored and given <see cref="EventPublishResult.Id"/>.</summary>
    Published,

    /// <summary>The topic or the data was not valid (<see cref="EventPublishResult.Field"/>, <see cref="EventPublishResult.Error"/>); nothing was stored.</summary>
    Invalid,

    /// <summary>
    /// Another activation of the topic (a failover's duplicate) kept taking the id; this one stored nothing and is
    /// leaving. Retrying reaches the topic's one activation.
    /// </summary>
    Unavailable,
}

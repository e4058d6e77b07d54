namespace GrainSystem.Abstractions.Events;

/// <summary>What an <see cref="Event"/> a subscriber receives stands for.</summary>
public static class EventKinds
{
    /// <summary>An event published on a topic.</summary>
    public const string Published = "published";

    /// <summary>
    /// Sent first on a resumed subscription when events it missed are no longer retained; its data names the
    /// topic and the ids that were lost (<c>{"topic","from","to"}</c>, camelCase).
    /// </summary>
    public const string Gap = "gap";

    /// <summary>Sent last when the subscriber fell too far behind and is disconnected.</summary>
    public const string Overflow = "overflow";
}

namespace GrainSystem.Api.Resp.PubSub;

/// <summary>A message for a subscriber: <c>message</c> (no pattern) or <c>pmessage</c> (the pattern that matched).</summary>
internal sealed record PubSubMessage(byte[]? Pattern, byte[] Channel, byte[] Payload)
{
    /// <summary>Roughly what it takes in a subscriber's queue and on the wire.</summary>
    public long Size => (Pattern?.Length ?? 0) + Channel.Length + Payload.Length + 64;
}

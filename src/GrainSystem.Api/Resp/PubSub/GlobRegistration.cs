namespace GrainSystem.Api.Resp.PubSub;

/// <summary>One connection's PSUBSCRIBE of <see cref="Pattern"/>, served by the bus feed <see cref="FeedPattern"/>.</summary>
internal sealed record GlobRegistration(byte[] Pattern, byte[] Prefix, string FeedPattern, RespSubscriber Subscriber);

using GrainSystem.Testing;

namespace GrainSystem.Resp.Tests.Support;

/// <summary>
/// A private redis-server, the reference the endpoint's replies are compared with; configured as the endpoint reports itself
/// (no append-only file, no snapshots), so CONFIG GET answers alike.
/// </summary>
public sealed class RedisReference : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync(new RedisServerOptions { AppendOnly = false });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

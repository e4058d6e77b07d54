namespace GrainSystem.Testing;

/// <summary>
/// How a <see cref="RedisServer"/> keeps its data. By default as GrainSystem's silos require of a Redis: the
/// append-only file on (fsync every second) and no snapshots.
/// </summary>
public sealed record RedisServerOptions
{
    /// <summary>
    /// Logs every write to an append-only file in the server's private directory, so the data survives
    /// <see cref="RedisServer.RestartAsync"/>. Silos refuse to start on a Redis without it unless
    /// <c>Redis__AllowVolatile=true</c>.
    /// </summary>
    public bool AppendOnly { get; init; } = true;

    /// <summary>When the append-only file is synced to disk: <c>always</c>, <c>everysec</c> (Redis's default) or <c>no</c>.</summary>
    public string AppendFsync { get; init; } = "everysec";
}

namespace GrainSystem.Testing;

/// <summary>How a <see cref="RedisServer"/> keeps its data: by default not at all (no snapshots, no append-only file).</summary>
public sealed record RedisServerOptions
{
    /// <summary>
    /// Logs every write to an append-only file in the server's private directory, so the data survives
    /// <see cref="RedisServer.RestartAsync"/>.
    /// </summary>
    public bool AppendOnly { get; init; }

    /// <summary>When the append-only file is synced to disk: <c>always</c>, <c>everysec</c> (Redis's default) or <c>no</c>.</summary>
    public string AppendFsync { get; init; } = "everysec";
}

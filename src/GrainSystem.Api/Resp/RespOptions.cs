using System.ComponentModel.DataAnnotations;

namespace GrainSystem.Api.Resp;

/// <summary>The Redis-protocol (RESP) listener of the API (section <c>Resp</c>).</summary>
public sealed class RespOptions
{
    public const string SectionName = "Resp";

    /// <summary>Whether the API listens for Redis clients at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The TCP port; 0 picks a free one (logged at start).</summary>
    [Range(0, 65535, ErrorMessage = "Resp:Port (Resp__Port) must be between {1} and {2}.")]
    public int Port { get; set; } = 6380;

    /// <summary>
    /// The address to listen on. Loopback by default: a Redis port open to a network without authentication is the
    /// classic way caches get wiped or used to break into hosts.
    /// </summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Connections served at once; one more is answered <c>-ERR max number of clients reached</c> and closed.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Resp:MaxConnections (Resp__MaxConnections) must be between {1} and {2}.")]
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Most arguments in one command (the multibulk count); more is a protocol error that closes the connection.</summary>
    [Range(16, 16 * 1024 * 1024, ErrorMessage = "Resp:MaxMultibulkLength (Resp__MaxMultibulkLength) must be between {1} and {2}.")]
    public int MaxMultibulkLength { get; set; } = 1024 * 1024;

    /// <summary>
    /// Schedule a connection's continuations on the socket's I/O thread instead of the thread pool: fewer thread hops per
    /// command. Safe because nothing on the RESP command path blocks a thread.
    /// </summary>
    public bool InlineScheduling { get; set; } = true;
}

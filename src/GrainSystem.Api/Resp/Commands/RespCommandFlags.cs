namespace GrainSystem.Api.Resp.Commands;

/// <summary>What a command is allowed to do and where, as Redis's command flags (shown by <c>COMMAND INFO</c>).</summary>
[Flags]
internal enum RespCommandFlags
{
    None = 0,

    /// <summary>Changes data.</summary>
    Write = 1 << 0,

    /// <summary>Only reads data.</summary>
    ReadOnly = 1 << 1,

    /// <summary>Answers at once (no waiting, small work).</summary>
    Fast = 1 << 2,

    /// <summary>Allowed before authentication.</summary>
    NoAuth = 1 << 3,

    /// <summary>Allowed on a RESP2 connection in subscribed mode.</summary>
    Subscribed = 1 << 4,

    /// <summary>May be queued between MULTI and EXEC (it runs inside the transaction's partition turn).</summary>
    Queueable = 1 << 5,

    /// <summary>Runs even inside MULTI instead of being queued (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET).</summary>
    TransactionControl = 1 << 6,

    /// <summary>May wait for something (a lock).</summary>
    Blocking = 1 << 7,

    /// <summary>Administrative (CONFIG).</summary>
    Admin = 1 << 8,

    /// <summary>Needs the cluster (a grain call): refused with TRYAGAIN until the API has reached it.</summary>
    Cluster = 1 << 9,
}

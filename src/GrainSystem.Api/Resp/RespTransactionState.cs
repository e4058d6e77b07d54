namespace GrainSystem.Api.Resp;

/// <summary>Where a connection's MULTI … EXEC stands.</summary>
internal enum RespTransactionState
{
    /// <summary>No MULTI: commands run as they arrive.</summary>
    None,

    /// <summary>After MULTI: commands are queued and answered QUEUED.</summary>
    Queuing,

    /// <summary>A command could not be queued: EXEC will discard the transaction with EXECABORT.</summary>
    Failed,
}

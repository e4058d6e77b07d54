namespace GrainSystem.Api.Resp.Protocol;

/// <summary>What <see cref="RespParser.Parse"/> found at the start of the input.</summary>
internal enum RespParseStatus
{
    /// <summary>A whole command was read.</summary>
    Command,

    /// <summary>The input ends inside a command; read more and parse again (the parser keeps what it read).</summary>
    Incomplete,

    /// <summary>The input is not RESP; the connection answers the error and closes.</summary>
    Error,
}

namespace GrainSystem.Api.Resp.Protocol;

/// <summary>The bounds on what one command may be, checked while it is read.</summary>
/// <param name="MaxMultibulkLength">Most arguments of one command.</param>
/// <param name="MaxBulkBytes">Largest single argument (the largest cache value).</param>
/// <param name="MaxCommandBytes">Largest command, all its arguments and framing together.</param>
internal sealed record RespLimits(int MaxMultibulkLength, int MaxBulkBytes, long MaxCommandBytes)
{
    /// <summary>Longest line without its end (a count, or an inline command), as Redis's <c>PROTO_INLINE_MAX_SIZE</c>.</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>Most arguments before authentication, as Redis.</summary>
    public const int UnauthenticatedMultibulkLength = 10;

    /// <summary>Largest argument before authentication, as Redis.</summary>
    public const int UnauthenticatedBulkBytes = 16 * 1024;
}

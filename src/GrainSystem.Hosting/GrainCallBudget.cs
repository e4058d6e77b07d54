namespace GrainSystem.Hosting;

/// <summary>
/// How long one grain call may take before its caller gives up (<c>Orleans:Failover:ResponseTimeout</c>), for code that
/// bounds a request made of several calls, such as a lock acquire whose wait is followed by a last call.
/// </summary>
public sealed record GrainCallBudget(TimeSpan ResponseTimeout);
